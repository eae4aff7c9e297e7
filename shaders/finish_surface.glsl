//VTK::Normal::Impl
  // Livery Studio: the finish's surface pattern, before VTK's PBR lighting reads
  // diffuseColor (albedo), normalVCVSOutput (base normal) and coatNormalVCVSOutput.
  vec3 lvN = normalize(normalVCVSOutput);
  vec3 lvV = cameraParallel == 1 ? vec3(0.0, 0.0, 1.0) : normalize(-vertexVC.xyz);
  int lvK = int(lvKind + 0.5);  // which finish kind: a uniform, so a swap never recompiles
  float lvNdV = clamp(dot(lvN, lvV), 1e-4, 1.0);
  vec3 lvNMC = normalize(transpose(normalMatrix) * lvN);  // rigid transforms: inverse = transpose
  vec3 lvFlakeN = lvN;
  // Flakes cover part of the base (the light stage gives that part their reflection):
  float lvFlakeArea = 0.0;   // their mean coverage over the surface around this point
  float lvFlakeCover = 0.0;  // their coverage of this pixel: resolved flakes, or the mean
  float lvFlakeGlint = 0.0;  // a resolved flake's coverage times its brightness weight
  float lvFlakeRes = 0.0;    // 1 where the pixel grid resolves single flakes
  float lvMask = 1.0;        // where flakes may be (wood: the pores that hold metal powder)
  vec3 lvTowT = vec3(1.0, 0.0, 0.0);  // carbon: this tow's fibre direction (view space)
  vec3 lvTowB = vec3(0.0, 1.0, 0.0);  // carbon: the crossing tows' fibre direction
  float lvTowRes = 0.0;               // carbon: 1 where warp and weft are resolved

#ifdef LV_HAS_WOOD
  if (lvK == LV_WOOD)
  {
    // A flat-sawn veneer: the board is a plane cut lengthwise through a slightly conical
    // log, 45 mm from its pith. Growth rings meet the plane as nested arches along the
    // grain (cathedrals) in the middle and as straight lines at the sides. The pattern
    // is projected across the board (depth only drifts it), so a curved trim shows the
    // figure of one sheet of veneer rather than contour lines of a carved solid.
    vec3 p = lvPosMC / max(lvUnitsPerMM * lvTexScale, 1e-9);  // millimetres
    vec3 ax = normalize(lvGrainAxis);
    vec3 a1 = normalize(cross(ax, abs(ax.z) < 0.9 ? vec3(0.0, 0.0, 1.0) : vec3(1.0, 0.0, 0.0)));
    vec3 a2 = cross(ax, a1);
    float along = dot(p, ax);
    float across = dot(p, a2);
    float depth = dot(p, a1);
    float ash = lvTexture;  // 1: white ash (ring-porous, metal powder in the pores)
    // Slow waviness of the fibres, and an irregular taper: the cathedrals wander.
    float wav = lvFbm(vec3(along * 0.006, across * 0.012, 3.7)) - 0.5;
    float x = across + 14.0 * wav;
    float d = 45.0 + 0.15 * depth + 6.0 * (lvNoise(vec3(along * 0.004, 11.0, 5.0)) - 0.5);
    float radius = sqrt(x * x + d * d) + 0.07 * along
      + 1.6 * (lvFbm(vec3(along * 0.02, x * 0.05, 7.0)) - 0.5);
    float ringW = mix(3.0, 4.4, ash);  // ash grows wider rings
    float rings = radius / ringW;
    float rfw = fwidth(rings);
    float f = fract(rings);
    // Earlywood (light) ripens into latewood (dark) and stops sharply at the next ring.
    float late = smoothstep(0.35, 0.92, f) * (1.0 - smoothstep(0.95, 1.0, f));
    float early = 1.0 - smoothstep(0.0, 0.28, f) * 1.0;  // the band just after a ring line
    float ringRes = lvResolved(rfw, 0.2, 0.6);
    // Where rings or pores are too fine to resolve, their mean share of the surface.
    const float lvLateMean = 0.36;
    float lvPoreMean = mix(0.07, 0.14, ash);
    late = mix(lvLateMean, late, ringRes);
    early = mix(0.16, early, ringRes);
    // Pores: fine streaks along the fibres (6-9 mm long, a third of a millimetre wide).
    vec3 q = vec3(along * 0.12, x * 2.6, depth * 2.6);
    float sfw = length(fwidth(q));
    float streak = lvNoise(q) * 0.65 + lvNoise(q * vec3(1.7, 2.3, 2.3) + 7.0) * 0.35;
    float poreRes = lvResolved(sfw, 0.35, 1.0);
    // walnut (diffuse-porous): pores everywhere, a few more in the latewood;
    // ash (ring-porous): large pores crowd the earlywood band of every ring.
    float poreBand = mix(0.55 + 0.45 * late, 0.15 + 0.85 * early, ash);
    float pores = smoothstep(mix(0.66, 0.58, ash), mix(0.78, 0.68, ash), streak) * poreBand;
    pores = mix(lvPoreMean, pores, poreRes);
    // Colour figure: slow patches of lighter / darker, warmer / greyer heartwood.
    float fig = lvFbm(vec3(along * 0.008, x * 0.03, depth * 0.02 + 1.3)) - 0.5;
    float fig2 = lvNoise(vec3(along * 0.02, x * 0.08, 2.1)) - 0.5;
    if (ash < 0.5)
    {
      // walnut: chocolate latewood lines, lighter earlywood with a golden cast, dark pores
      float tone = (1.0 + 0.42 * (lvLateMean - late)) * (1.0 + 0.55 * fig + 0.2 * fig2) - 0.5 * pores;
      vec3 hue = mix(vec3(1.06, 1.0, 0.9), vec3(0.86, 0.9, 1.0), late);  // golden vs greyer
      hue *= mix(vec3(1.0), vec3(1.1, 0.96, 0.82), clamp(0.5 + 1.5 * fig, 0.0, 1.0));
      diffuseColor = diffuseColor * max(tone, 0.05) * hue;
      lvMask = 0.0;
    }
    else
    {
      // white ash: pale, soft grey-beige latewood; the open pores hold metal powder
      // The catalog colour is the trim's at a distance, pores and powder included: the
      // wood between the pores is lighter by what the grey powder-filled pores take
      // from the mean.
      float tone = (1.0 + 0.22 * (lvLateMean - late)) * (1.0 + 0.16 * fig + 0.06 * fig2);
      vec3 powder = lvFlakeColor * 0.45;
      vec3 cool = vec3(0.93, 0.94, 0.97);
      vec3 lift = max(diffuseColor - lvPoreMean * powder, 0.3 * diffuseColor)
        / max((1.0 - lvPoreMean) * diffuseColor * mix(vec3(1.0), cool, lvLateMean), vec3(1e-4));
      vec3 wood = diffuseColor * lift * tone * mix(vec3(1.0), cool, late);
      diffuseColor = mix(wood, powder, pores);
      // powder glints only inside a filled pore (resolved), evenly where pores blur
      lvMask = mix(pores, smoothstep(0.25, 0.5, pores), poreRes);
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
    vec3 tilt;
    vec2 fl = lvFlake(p, lvFlakeDensity, clamp(fw, 0.02, 0.25), tilt);
    lvFlakeArea = lvFlakeDensity * LV_FLAKE_AREA * lvMask;
    lvFlakeCover = mix(lvFlakeArea, fl.x * lvMask, resolved);
    lvFlakeGlint = fl.x * fl.y * lvMask;
    lvFlakeRes = resolved;
    tilt -= dot(tilt, lvNMC) * lvNMC;
    // powder grains lie in the pores at any angle; paint flakes nearly flat
    float tiltAmp = lvK == LV_WOOD ? 0.5 : LV_FLAKE_TILT;
    lvFlakeN = normalize(lvN + tiltAmp * normalize(normalMatrix * tilt + 1e-6));
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
    // 2x2 twill of 3 mm tows, projected on the object's dominant plane: every tow floats
    // over two crossing tows and dips under the next two, one step further each row,
    // which draws the diagonal. A tow is a flattened bundle of parallel fibres: its
    // normal bends across the fibres and dips at the float's ends, warp and weft take
    // the light differently (albedo here, the view-dependent fibre sheen in the light
    // stage), and the clear coat above stays flat.
    vec3 p = lvPosMC / max(lvUnitsPerMM * lvTexScale, 1e-9);
    vec3 an = abs(lvNMC);
    vec3 du = vec3(1.0, 0.0, 0.0), dv = vec3(0.0, 1.0, 0.0);
    if (an.x >= an.y && an.x >= an.z) { du = vec3(0.0, 1.0, 0.0); dv = vec3(0.0, 0.0, 1.0); }
    else if (an.y >= an.z) { du = vec3(1.0, 0.0, 0.0); dv = vec3(0.0, 0.0, 1.0); }
    vec2 uv = vec2(dot(p, du), dot(p, dv)) / 3.0;
    float fw = length(fwidth(uv));  // tows per pixel
    vec2 cell = floor(uv);
    float phase = mod(cell.x + cell.y, 4.0);
    bool warp = phase < 2.0;
    float across = warp ? fract(uv.y) : fract(uv.x);
    // position along the float of two cells: 0 where the tow surfaces, 1 where it dives
    float run = (warp ? phase + fract(uv.x) : phase - 2.0 + fract(uv.y)) * 0.5;
    vec3 alongMC = warp ? du : dv;
    vec3 crossMC = warp ? dv : du;
    float bend = (across - 0.5) * 2.0;
    float dip = smoothstep(0.78, 1.0, run) - smoothstep(0.22, 0.0, run);
    float resTow = lvResolved(fw, 0.25, 0.6);   // a tow's own shape
    float resTwill = lvResolved(fw, 0.5, 1.1);  // warp against weft (two tows wide)
    vec3 alongVC = normalize(normalMatrix * alongMC);
    vec3 crossVC = normalize(normalMatrix * crossMC);
    normalVCVSOutput = normalize(lvN + resTow * (0.45 * bend * crossVC + 0.3 * dip * alongVC));
    // fibres: fine streaks along the tow; the tow's edges and ends sit in shadow
    float fibre = lvNoise(vec3(run * 2.5, across * 30.0, cell.x * 3.1 + cell.y * 7.3));
    float shade = (1.0 - 0.3 * pow(abs(bend), 4.0)) * (1.0 - 0.15 * abs(dip));
    float towAlbedo = mix(1.0, shade * (0.82 + 0.36 * fibre), resTow);
    // warp reads lighter than weft (the fibres face the light differently); mean 1
    float twill = mix(1.0, warp ? 1.22 : 0.82, resTwill);
    diffuseColor *= towAlbedo * twill / 1.025;
    lvTowT = normalize(alongVC - dot(alongVC, lvN) * lvN);
    lvTowB = normalize(crossVC - dot(crossVC, lvN) * lvN);
    lvTowRes = resTwill;
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
