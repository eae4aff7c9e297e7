//VTK::Light::Impl
  {
    // Livery Studio: terms VTK's PBR lacks, added in linear light after it (VTK has
    // already encoded fragOutput0 with a 1/2.2 power; undo it, add, encode again).
    vec3 lvColor = pow(max(fragOutput0.rgb, vec3(0.0)), vec3(2.2));
    vec3 lvCoatAlbedo = vec3(0.0);  // share of the light the clear coat reflects
    vec3 lvCoatTint = vec3(1.0);
    // VTK darkens its image light by the file's baked occlusion; so must every term here
    float lvAo = mix(1.0, ao, aoStrengthUniform);
    // The split sum as the path tracer integrates it: F0 A + F90 B (A and B from the
    // exact table, split_sum.py). VTK's roughness-dependent Fresnel (Fdez-Aguera's) adds
    // (1 - roughness - F0)(1 - N.V)^5 A on top, a second Fresnel rise at the rim where B
    // already has one: under the white furnace a forged-gold ball's rim came out 6 %
    // brighter than Mitsuba's (p95 dE 3.9), and a black lacquered ball's rim 40 % above
    // the Fresnel of its lacquer. Take it back out.
    vec3 lvDEss = -(max(vec3(1.0 - roughness), F0) - F0) * pow(1.0 - NdV, 5.0) * brdf.r;
    vec3 lvFssEss = FssEss + lvDEss;
    {
      // the multiple scattering follows, through VTK's own F_avg and Ems
      vec3 lvDSpec = lvDEss * prefilteredSpecularColor;
      vec3 lvDDiff = Ems * lvDEss * F_avg / max(1.0 - F_avg * Ems, vec3(1e-5)) * irradiance;
#ifdef CLEAR_COAT
      lvDSpec *= vec3(1.0) - Fc;
      lvDDiff *= (vec3(1.0) - Fc) * (vec3(1.0) - Fc);
      lvColor += lvAo * (lvDSpec + lvDDiff) * coatColorFactor;
#else
      lvColor += lvAo * (lvDSpec + lvDDiff);
#endif
      iblSpecular += lvDSpec;
      iblDiffuse += lvDDiff;
    }
#ifdef LV_ANISOTROPY
    {
      // Anisotropic image light: VTK reads one isotropic lobe about a bent normal, which
      // smears a small light (the low sun) into a band. Read the lobe as Mitsuba's GGX
      // has it instead: the narrow lobe (across the tangent) at microfacet normals tilted
      // along the tangent, spread as the lobe is wider that way. Each tilt is weighted
      // as the microfacets are seen: by GGX's density of that slope along the tangent,
      // by how much of it faces the viewer (V.H: at a grazing view the facets tilted
      // away hide, so the glint stays nearer the view than an even spread puts it) and
      // by Smith's shadowing of its light. Taps 0.6 of the extra width apart (the
      // reflection moves 10 degrees per tap on the discs, inside the narrow lobe's
      // width, so a small sun does not show as copies) cover 87 % of the slopes; an
      // even spread over the middle 0.9 drew the low sun's glint too far out and too
      // long along a ball's rim (p95 dE 7.0 against Mitsuba, 5.4 now).
      float lvSpread = sqrt(max(at * at - ab * ab, 0.0));
      // VTK's lod: perceptual roughness, here the narrow lobe's as seen (ibl.glsl)
#ifdef LV_IBL_LEVELS
      float lvLod = lvSeenRoughness(sqrt(ab), NdV) * prefilterMaxLevel;
#else
      float lvLod = sqrt(ab) * prefilterMaxLevel;  // a part not lit by the atlas (angles.py)
#endif
      vec3 lvSum = vec3(0.0);
      float lvW = 0.0;
      for (int lvI = -3; lvI <= 3; ++lvI)
      {
        float lvU = 0.6 * float(lvI);  // the slope in units of the extra width
        vec3 lvH = normalize(N + lvU * lvSpread * tangentVC);
        vec3 lvL = reflect(-V, lvH);
        float lvLn = dot(lvL, N);
        float lvLt = dot(lvL, tangentVC);
        float lvLb2 = max(1.0 - lvLn * lvLn - lvLt * lvLt, 0.0);
        float lvLambda = 0.5 * (sqrt(1.0 + (at * at * lvLt * lvLt + ab * ab * lvLb2)
          / max(lvLn * lvLn, 1e-6)) - 1.0);
        float lvWi = step(0.0, lvLn) * max(dot(V, lvH), 0.0) / (1.0 + lvLambda)
          * pow(1.0 + lvU * lvU, -1.5);
        lvSum += lvWi * textureLod(prefilterTex, normalize(envMatrix * lvL), lvLod).rgb;
        lvW += lvWi;
      }
      // (no tap seen, on the very outline: VTK's own lobe)
      vec3 lvTaps = lvW > 1e-5 ? lvSum / lvW : prefilteredSpecularColor;
      vec3 lvAniso = lvFssEss * (lvTaps - prefilteredSpecularColor);
#ifdef CLEAR_COAT
      lvColor += lvAo * coatColorFactor * lvAniso;
      iblSpecular += lvAniso * (vec3(1.0) - Fc);
#else
      lvColor += lvAo * lvAniso;
      iblSpecular += lvAniso;
#endif
    }
#endif
    // The base's diffuse light, as glTF's metallic blend has it: (1 - metallic) of a
    // dielectric whose body gets what its own surface (reflectance baseF0Uniform: 0.04
    // in air, 0 under a full coat of the same index; the split sum F0 A + F90 B, as
    // above) does not reflect. VTK's takes the
    // Fresnel off twice (a fixed 4 %, then the split-sum albedo) and, on a part-metal
    // paint, takes off the metal's reflection too (the albedo of F0 = mix(0.04, colour,
    // metallic)): a matte metallic of metallic 0.45 came out 20 % too dark.
    float lvF90d = clamp(dot(vec3(baseF0Uniform), vec3(50.0 * 0.33)), 0.0, 1.0);
    vec3 lvF0d = vec3(baseF0Uniform);
    vec3 lvEssD = lvF0d * brdf.r + lvF90d * brdf.g;
    vec3 lvFavgD = lvF0d + (1.0 - lvF0d) / 21.0;
    vec3 lvEmsD = (1.0 - (brdf.r + brdf.g)) * lvEssD * lvFavgD
      / max(1.0 - lvFavgD * (1.0 - (brdf.r + brdf.g)), vec3(1e-5));
    vec3 lvKd = (1.0 - metallic) * albedo * (1.0 - lvEssD - lvEmsD);
    vec3 lvDiffuseFix = (lvKd - k_D) * irradiance;
    lvColor += lvAo * lvDiffuseFix;
    // What the base layer sends out (through the coat, if any), as it stands in lvColor.
    vec3 lvBaseOut = lvAo * (iblDiffuse + lvDiffuseFix + iblSpecular);
#ifdef CLEAR_COAT
    {
      // VTK weights the coat's image reflection by its Fresnel twice (split-sum albedo
      // times Fc: 0.2 % instead of 4 % head-on) and takes the coat's share from the base
      // after the base was already summed. Redo both: coat = albedo Ec, base x (1 - Ec).
      // (iblSpecular and iblDiffuse are VTK's terms after its coat attenuation; the
      // fix above went in at VTK's weight, coatColorFactor (1 - Fc)^2.)
      // The base's diffuse light comes in through the coat too: lit by what the lacquer
      // lets through (lvIrradianceThrough), not by the bare irradiance.
      vec3 lvBaseFix = lvDiffuseFix / max((vec3(1.0) - Fc) * (vec3(1.0) - Fc), vec3(1e-4));
      vec3 lvDiff = iblDiffuse / max((vec3(1.0) - Fc) * (vec3(1.0) - Fc), vec3(1e-4)) + lvBaseFix;
#ifdef LV_IBL_LEVELS
      vec3 lvThrough = clamp(lvIrradianceThrough(rotN) / max(irradiance, vec3(1e-6)), 0.0, 2.0);
#else
      vec3 lvThrough = vec3(1.0);  // a part not lit by the atlas (ibl.install) has no such band
#endif
      lvBaseFix += lvDiff * (lvThrough - 1.0) * coatStrength;
      vec3 lvBase = iblSpecular / max(vec3(1.0) - Fc, vec3(1e-4))
        + iblDiffuse / max((vec3(1.0) - Fc) * (vec3(1.0) - Fc), vec3(1e-4)) + lvBaseFix;
      vec3 lvEc = (coatF0 * coatBrdf.r + coatBrdf.g);
      lvCoatAlbedo = lvEc * coatStrength;
      lvCoatTint = coatColorFactor;
      lvColor += lvAo * (prefilteredSpecularCoatColor * lvEc * (vec3(coatStrength) - Fc)
        - lvBase * coatColorFactor * lvCoatAlbedo + lvBaseFix * coatColorFactor - lvDiffuseFix);
      lvBaseOut = lvAo * lvBase * coatColorFactor * (1.0 - lvCoatAlbedo);
    }
#endif
#if defined(LV_HAS_PAINT) || defined(LV_HAS_WOOD)
    if ((lvK == LV_PAINT || lvK == LV_WOOD) && lvFlakeArea > 0.0)
    {
    // Flakes: small mirrors in the base layer, under the clear coat. They cover part of
    // the base and send that part's light in their own directions: a resolved flake
    // reflects the sharp environment about its tilted normal, unresolved ones their mean,
    // a broad lobe. Energy is conserved on average: the pigment between the flakes is
    // what, mixed with the flakes' mean reflection, gives the base's own response, so a
    // patch seen from a distance looks like the plain paint of the catalog colour (a
    // metallic and its flake-less twin agree; the flakes only add sparkle up close).
    vec3 lvSharp = textureLod(prefilterTex, normalize(envMatrix * reflect(-V, lvFlakeN)),
      0.08 * prefilterMaxLevel).rgb;
    vec3 lvBroad = textureLod(prefilterTex, normalize(envMatrix * reflect(-V, N)),
      0.6 * prefilterMaxLevel).rgb;
    vec3 lvRho = LV_FLAKE_REFLECTANCE * lvFlakeColor * lvFlakeBrightness
      * lvAo * (1.0 - lvCoatAlbedo) * lvCoatTint;
    vec3 lvPigment = max(lvBaseOut - lvFlakeArea * lvRho * lvBroad, vec3(0.0))
      / (1.0 - lvFlakeArea);
    vec3 lvFlakes = lvRho * mix(lvFlakeArea * lvBroad, lvFlakeGlint * lvSharp, lvFlakeRes);
    lvColor += (1.0 - lvFlakeCover) * lvPigment + lvFlakes - lvBaseOut;
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
    // Microfibre, as Burley's principled BRDF has it (the model Mitsuba's reference
    // implements): a rough diffuse that darkens a little head-on and brightens toward
    // grazing angles by retro-reflection, in place of the base's Lambert term, plus the
    // sheen lobe tinted toward the hue of the base; both as directional albedos under the
    // image light's irradiance. No highlight of its own.
    vec3 lvTint = albedo / max(dot(albedo, vec3(0.212671, 0.715160, 0.072169)), 1e-4);
    vec3 lvSheenColor = mix(vec3(1.0), lvTint, LV_SHEEN_TINT);
    lvColor += lvAo * irradiance * ((1.0 - metallic) * albedo
      * (lvBurleyAlbedo(NdV, roughness) - (1.0 - lvEssD - lvEmsD))
      + lvSheen * lvSheenColor * lvSheenAlbedo(NdV));
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
