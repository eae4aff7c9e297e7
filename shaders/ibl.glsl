// Livery Studio: image-based lighting read from the prefiltered atlas
// (app/scene/prefilter.py) instead of VTK's cube maps. app/scene/ibl.py puts this
// before main() and redirects VTK's own lookups here: every explicit-LOD read of its
// prefiltered cube map (lod = roughness * maxLevel) becomes lvEnvLod(maxLevel, dir,
// lod), and its spherical-harmonics irradiance becomes lvIrradiance(rotN).
// VTK's directions are in its environment frame (Y up); the panorama lies on them as
// VTK lays an equirectangular environment, so the studio is where VTK put it.
vec2 lvLonLat(vec3 envDir)
{
  vec3 d = normalize(envDir);
  return vec2(-atan(d.z, d.x), asin(clamp(d.y, -1.0, 1.0)));
}

vec3 lvIblBand(int i, vec2 lonLat)
{
  vec3 band = lvIblBands[i];  // first row, rows, width (texels; one pad column each side)
  float x = 1.0 + (0.5 - lonLat.x * 0.1591549431) * band.z;
  float y = band.x + clamp((0.5 - lonLat.y * 0.3183098862) * band.y, 0.5, band.y - 0.5);
  return textureLod(lvEnvAtlas, vec2(x, LV_IBL_SIZE.y - y) / LV_IBL_SIZE, 0.0).rgb;
}

vec4 lvEnvLod(float maxLevel, vec3 envDir, float lod)
{
  float r = clamp(lod / max(maxLevel, 1.0), 0.0, 1.0);
  float t = pow(r, 1.0 / LV_IBL_EXPONENT) * float(LV_IBL_LEVELS - 1);
  int i = min(int(t), LV_IBL_LEVELS - 2);
  vec2 ll = lvLonLat(envDir);
  return vec4(mix(lvIblBand(i, ll), lvIblBand(i + 1, ll), t - float(i)), 1.0);
}

vec3 lvIrradiance(vec3 envN)
{
  return lvIblBand(LV_IBL_LEVELS, lvLonLat(envN));
}

// The irradiance of what gets through a clear coat (the light at grazing incidence is
// mostly reflected by the lacquer): shaders/finish_light.glsl, for a coated base.
vec3 lvIrradianceThrough(vec3 envN)
{
  return lvIblBand(LV_IBL_LEVELS + 1, lvLonLat(envN));
}


// The split sum's scale and bias (A, B) at N.V and roughness, from the exact table
// (app/scene/split_sum.py) in place of VTK's brdfTex: ibl.py redirects VTK's lookups.
vec2 lvSplitSum(vec2 cosRoughness)
{
  vec3 band = lvIblBands[LV_IBL_LEVELS + 2];
  vec2 t = clamp(cosRoughness, 0.0, 1.0) * (band.zy - 1.0) + 0.5;  // texel i at i / (n - 1)
  float x = 1.0 + t.x;
  float y = band.x + t.y;
  return textureLod(lvEnvAtlas, vec2(x, LV_IBL_SIZE.y - y) / LV_IBL_SIZE, 0.0).rg;
}

// The roughness a glossy lobe is read at from a view N.V: seen at a grazing angle, the
// reflected lobe keeps its width in the plane of incidence but is narrowed across it by
// N.V (a microfacet tilt across the plane turns the reflection by 2 (V.H) times it), so
// the isotropic lobe of the same solid angle has alpha sqrt(N.V): roughness N.V^(1/4).
// Prefiltered for a head-on view, the rim of a polished ball came out blurred.
float lvSeenRoughness(float roughness, float NdV)
{
  return roughness * pow(NdV, 0.25);
}
