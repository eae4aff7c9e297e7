//VTK::Light::Impl
  {
    // Livery Studio: terms VTK's PBR lacks, added in linear light after it (VTK has
    // already encoded fragOutput0 with a 1/2.2 power; undo it, add, encode again).
    vec3 lvColor = pow(max(fragOutput0.rgb, vec3(0.0)), vec3(2.2));
    vec3 lvCoatAlbedo = vec3(0.0);  // share of the light the clear coat reflects
    vec3 lvCoatTint = vec3(1.0);
    // VTK darkens its image light by the file's baked occlusion; so must every term here
    float lvAo = mix(1.0, ao, aoStrengthUniform);
#ifdef CLEAR_COAT
    {
      // VTK weights the coat's image reflection by its Fresnel twice (split-sum albedo
      // times Fc: 0.2 % instead of 4 % head-on) and takes the coat's share from the base
      // after the base was already summed. Redo both: coat = albedo Ec, base x (1 - Ec).
      vec3 lvBase = iblSpecular / max(vec3(1.0) - Fc, vec3(1e-4))
        + iblDiffuse / max((vec3(1.0) - Fc) * (vec3(1.0) - Fc), vec3(1e-4));
      vec3 lvEc = (coatF0 * coatBrdf.r + coatBrdf.g);
      lvCoatAlbedo = lvEc * coatStrength;
      lvCoatTint = coatColorFactor;
      lvColor += lvAo * (prefilteredSpecularCoatColor * lvEc * (vec3(coatStrength) - Fc)
        - lvBase * coatColorFactor * lvCoatAlbedo);
    }
#endif
#if defined(LV_HAS_PAINT) || defined(LV_HAS_WOOD)
    if (lvK == LV_PAINT || lvK == LV_WOOD)
    {
    // Flakes: small mirrors under the clear coat. A resolved flake reflects the sharp
    // environment in its own direction; unresolved ones add their mean, a broad lobe.
    vec3 lvSharp = textureLod(prefilterTex, normalize(envMatrix * reflect(-V, lvFlakeN)),
      0.08 * prefilterMaxLevel).rgb;
    vec3 lvBroad = textureLod(prefilterTex, normalize(envMatrix * reflect(-V, N)),
      0.6 * prefilterMaxLevel).rgb;
    vec3 lvFlakes = lvFlakeColor * lvFlakeBrightness * (lvFlakeCover * lvSharp + lvFlakeMean * lvBroad);
    lvFlakes *= (1.0 - lvCoatAlbedo) * lvCoatTint;  // under the clear coat
    lvColor += 0.5 * lvAo * lvFlakes;
    }
#endif
#ifdef LV_HAS_CARBON
    if (lvK == LV_CARBON)
    {
    // Fibre sheen: a tow reflects like a bundle of parallel cylinders, into the cone of
    // directions that make the viewer's angle with the fibres (Kajiya-Kay). Three points
    // of the cone around the mirror direction, read from a blurred environment level:
    // warp and weft see different parts of the studio, and trade places as the view
    // turns. Unresolved weave: the mean of both orientations, an even sheen.
    vec3 lvS = vec3(0.0);
    for (int lvI = 0; lvI < 2; ++lvI)
    {
      vec3 T = lvI == 0 ? lvTowT : lvTowB;
      float tV = dot(V, T);
      vec3 Np = normalize(N - dot(N, T) * T + 1e-5);
      vec3 Bp = cross(T, Np);
      float sn = sqrt(max(1.0 - tV * tV, 0.0));
      float phi = atan(-dot(V, Bp), max(dot(V, Np), 1e-3));
      vec3 acc = vec3(0.0);
      for (int lvJ = -1; lvJ <= 1; ++lvJ)
      {
        float ph = phi + 0.55 * float(lvJ);
        vec3 L = -tV * T + sn * (cos(ph) * Np + sin(ph) * Bp);
        acc += textureLod(prefilterTex, normalize(envMatrix * L), 0.45 * prefilterMaxLevel).rgb
          * step(0.0, dot(L, N));
      }
      vec3 sheen = acc / 3.0;
      // resolved: mostly this tow's own sheen (a little of the crossing one, which real
      // tows show where fibres spread); unresolved: the mean of both
      lvS += lvI == 0 ? sheen * (0.5 + 0.3 * lvTowRes) : sheen * (0.5 - 0.3 * lvTowRes);
    }
    lvColor += 0.06 * lvAo * lvS * (1.0 - lvCoatAlbedo) * lvCoatTint;
    }
#endif
#ifdef LV_HAS_FABRIC
    if (lvK == LV_FABRIC)
    {
    // Sheen: retro-reflective microfibres brighten toward grazing angles; no highlight.
    vec3 lvSheenColor = mix(albedo, vec3(1.0), 0.3);
    lvColor += lvAo * lvSheen * lvSheenColor * irradiance * lvSheenAlbedo(NdV, roughness) * 2.0;
    }
#endif
#ifdef LV_HAS_GLASS
    // Glass: what it reflects stays opaque, what it transmits is the tinted opacity.
    if (lvK == LV_GLASS)
    {
    float lvF = 0.04 + 0.96 * pow(1.0 - NdV, 5.0);
    fragOutput0.a = mix(opacity, 1.0, lvF);
    }
#endif
    // Exposure for tone mappers without one of their own (VTK's PBR Neutral); 1 otherwise.
    lvColor *= lvExposure;
    fragOutput0.rgb = lvOutputSRGB > 0.5 ? lvSrgbEncode(lvColor) : pow(lvColor, vec3(1.0 / 2.2));
  }
