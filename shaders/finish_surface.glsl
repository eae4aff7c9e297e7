//VTK::Normal::Impl
  // Livery Studio: the finish's surface pattern, before VTK's PBR lighting reads
  // diffuseColor (albedo), normalVCVSOutput (base normal) and coatNormalVCVSOutput.
  vec3 lvN = normalize(normalVCVSOutput);
  vec3 lvV = cameraParallel == 1 ? vec3(0.0, 0.0, 1.0) : normalize(-vertexVC.xyz);
  int lvK = int(lvKind + 0.5);  // which finish kind: a uniform, so a swap never recompiles
  float lvNdV = clamp(dot(lvN, lvV), 1e-4, 1.0);
  vec3 lvNMC = normalize(transpose(normalMatrix) * lvN);  // rigid transforms: inverse = transpose
  vec3 lvFlakeN = lvN;
  float lvFlakeCover = 0.0;  // resolved flake coverage at this pixel
  float lvFlakeMean = 0.0;   // mean coverage of the flakes the pixel grid no longer resolves
  float lvMask = 1.0;        // where flakes may be (wood: the pores that hold metal powder)

#ifdef LV_HAS_WOOD
  if (lvK == LV_WOOD)
  {
    // Solid wood: growth rings around a log axis far from the part (flat-sawn figure),
    // warped by low-frequency noise; open pores as fine streaks along the grain.
    vec3 p = lvPosMC / max(lvUnitsPerMM * lvTexScale, 1e-9);  // millimetres
    vec3 ax = normalize(lvGrainAxis);
    vec3 a1 = normalize(cross(ax, abs(ax.z) < 0.9 ? vec3(0.0, 0.0, 1.0) : vec3(1.0, 0.0, 0.0)));
    vec3 a2 = cross(ax, a1);
    float along = dot(p, ax);
    vec2 cs = vec2(dot(p, a1) + 260.0, dot(p, a2) + 35.0);
    float warp = 9.0 * lvFbm(vec3(along * 0.012, cs * 0.05));
    float radius = length(cs) + warp;
    float ringW = mix(2.6, 4.2, lvTexture);  // ash has wider rings
    float rings = radius / ringW;
    float rfw = fwidth(rings);
    float ring = fract(rings);
    float late = smoothstep(0.45, 0.8, ring) * (1.0 - smoothstep(0.88, 1.0, ring));
    late = mix(0.3, late, lvResolved(rfw, 0.25, 0.8));
    vec3 q = vec3(along * 0.04, cs * 2.2);
    float streak = lvNoise(q) * 0.6 + lvNoise(q * 2.3 + 7.0) * 0.4;
    float sfw = length(fwidth(q));
    float pores = smoothstep(0.62, 0.8, streak) * (0.35 + 0.65 * late);
    pores = mix(0.12, pores, lvResolved(sfw, 0.3, 1.0));
    float figure = lvFbm(vec3(along * 0.004, cs * 0.02)) - 0.5;
    if (lvTexture < 0.5)
    {
      // walnut, oak...: dark latewood, darker pores, slow colour figure
      float tone = 1.0 + 0.55 * (0.3 - late) + 0.5 * figure - 0.35 * pores;
      diffuseColor = diffuseColor * tone * mix(vec3(1.0), vec3(0.86, 0.93, 1.08), late);
      lvMask = 0.0;
    }
    else
    {
      // white ash: pale, low-contrast rings; the open pores are filled with metal powder
      float tone = 1.0 + 0.18 * (0.3 - late) + 0.2 * figure;
      diffuseColor = mix(diffuseColor * tone, lvFlakeColor * 0.55, pores);
      lvMask = pores;
    }
  }
#endif

#if defined(LV_HAS_PAINT) || defined(LV_HAS_WOOD)
  if (lvK == LV_PAINT || lvK == LV_WOOD)
  {
    // Metallic flakes in object-space cells (stable under camera motion), faded to their
    // mean where a cell shrinks below a pixel.
    vec3 p = lvPosMC / max(lvFlakeSize * lvUnitsPerMM * LV_FLAKE_CELL, 1e-9);
    float fw = length(fwidth(p));
    float resolved = lvResolved(fw, 0.35, 1.1);
    vec4 fl = lvFlake(p, lvFlakeDensity, clamp(fw, 0.02, 0.25));
    lvFlakeCover = fl.x * resolved * lvMask;
    lvFlakeMean = lvFlakeDensity * 0.235 * (1.0 - resolved) * lvMask;
    vec3 tilt = fl.yzw - dot(fl.yzw, lvNMC) * lvNMC;
    lvFlakeN = normalize(lvN + LV_FLAKE_TILT * normalize(normalMatrix * tilt + 1e-6));
    if (dot(lvFlakeN, lvV) < 0.05) lvFlakeN = lvN;
  }
#endif
#if defined(LV_HAS_PAINT) && defined(CLEAR_COAT)
  if (lvK == LV_PAINT)
  {
    // Orange peel: a smooth waviness of the clear coat only; faded out (to a mirror) where
    // its wavelength falls below a couple of pixels.
    vec3 q = lvPosMC / max(lvPeelScale * lvUnitsPerMM, 1e-9);
    float fw = length(fwidth(q));
    vec4 n1 = lvNoised(q);
    // a second octave on rotated axes hides the value-noise lattice
    const mat3 lvRot = mat3(0.00, 0.80, 0.60, -0.80, 0.36, -0.48, -0.60, -0.48, 0.64);
    vec4 n2 = lvNoised(lvRot * q * 1.9 + 5.3);
    vec3 g = n1.yzw + 0.35 * (transpose(lvRot) * n2.yzw) * 1.9;
    g -= dot(g, lvNMC) * lvNMC;
    float amp = lvPeel * LV_PEEL_SLOPE * lvResolved(fw, 0.3, 1.2);
    coatNormalVCVSOutput = normalize(coatNormalVCVSOutput - amp * (normalMatrix * g));
  }
#endif
#ifdef LV_HAS_PAINT
  // Pearl: the base colour moves from the face colour to the flop colour toward grazing.
  if (lvK == LV_PAINT) diffuseColor = mix(diffuseColor, lvFlopColor, lvFlop * pow(1.0 - lvNdV, 3.5));
#endif

#ifdef LV_HAS_CARBON
  if (lvK == LV_CARBON)
  {
    // 2x2 twill of 3 mm tows, projected on the object's dominant plane. Each tow is a
    // flattened cylinder: its normal bends across the fibres, so warp and weft tows catch
    // the light differently; the clear coat above stays flat.
    vec3 p = lvPosMC / max(lvUnitsPerMM * lvTexScale, 1e-9);
    vec3 an = abs(lvNMC);
    vec3 du = vec3(1.0, 0.0, 0.0), dv = vec3(0.0, 1.0, 0.0);
    if (an.x >= an.y && an.x >= an.z) { du = vec3(0.0, 1.0, 0.0); dv = vec3(0.0, 0.0, 1.0); }
    else if (an.y >= an.z) { du = vec3(1.0, 0.0, 0.0); dv = vec3(0.0, 0.0, 1.0); }
    vec2 uv = vec2(dot(p, du), dot(p, dv)) / 3.0;
    float fw = length(fwidth(uv));
    vec2 cell = floor(uv);
    bool warp = mod(cell.x + cell.y, 4.0) < 2.0;
    float across = warp ? fract(uv.y) : fract(uv.x);
    float along = warp ? uv.x : uv.y;
    vec3 crossMC = warp ? dv : du;
    float bend = (across - 0.5) * 2.0;
    float res = lvResolved(fw, 0.15, 0.6);
    vec3 bent = normalize(lvN + res * 0.55 * bend * normalize(normalMatrix * crossMC));
    normalVCVSOutput = bent;
    float fibre = lvNoise(vec3(along * 2.0, across * 40.0, cell.x * 3.1 + cell.y));
    float edge = 1.0 - pow(abs(bend), 6.0);
    diffuseColor *= mix(1.0, (0.55 + 0.45 * edge) * (0.85 + 0.3 * fibre), res);
  }
#endif

#ifdef LV_HAS_FABRIC
  if (lvK == LV_FABRIC)
  {
    // Microfibre: a faint fine-scale mottle, filtered away at a distance.
    vec3 q = lvPosMC / max(lvUnitsPerMM * lvTexScale * 0.8, 1e-9);
    float fw = length(fwidth(q));
    float m = lvNoise(q) * 0.6 + lvNoise(q * 3.1) * 0.4;
    diffuseColor *= 1.0 + 0.16 * (m - 0.5) * lvResolved(fw, 0.3, 1.0);
  }
#endif
