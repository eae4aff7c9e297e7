//VTK::Normal::Dec
// Livery Studio finish shading: declarations shared by every finish kind.
// A part's program holds the code of every kind its slot can receive (LV_HAS_PAINT,
// LV_HAS_WOOD, ... defined above this text); the uniform lvKind picks one at run time.
// Everything else that varies is a custom uniform too (declared by VTK from the shader
// property's fragment custom uniforms), so a swap or a parameter change never recompiles.
in vec3 lvPosMC;
#define LV_PLAIN 0
#define LV_PAINT 1
#define LV_WOOD 2
#define LV_CARBON 3
#define LV_FABRIC 4
#define LV_GLASS 5

// Deterministic hashes (no time, no seed): the same surface point always gets the same value.
vec3 lvHash33(vec3 p)
{
  p = fract(p * vec3(0.1031, 0.1030, 0.0973));
  p += dot(p, p.yxz + 33.33);
  return fract((p.xxy + p.yxx) * p.zyx);
}
float lvHash13(vec3 p)
{
  p = fract(p * 0.1031);
  p += dot(p, p.zyx + 31.32);
  return fract((p.x + p.y) * p.z);
}

// Value noise with its analytic gradient (x: value in [0,1], yzw: d/dp).
vec4 lvNoised(vec3 x)
{
  vec3 i = floor(x);
  vec3 w = fract(x);
  vec3 u = w * w * w * (w * (w * 6.0 - 15.0) + 10.0);
  vec3 du = 30.0 * w * w * (w * (w - 2.0) + 1.0);
  float a = lvHash13(i + vec3(0, 0, 0));
  float b = lvHash13(i + vec3(1, 0, 0));
  float c = lvHash13(i + vec3(0, 1, 0));
  float d = lvHash13(i + vec3(1, 1, 0));
  float e = lvHash13(i + vec3(0, 0, 1));
  float f = lvHash13(i + vec3(1, 0, 1));
  float g = lvHash13(i + vec3(0, 1, 1));
  float h = lvHash13(i + vec3(1, 1, 1));
  float k0 = a, k1 = b - a, k2 = c - a, k3 = e - a, k4 = a - b - c + d;
  float k5 = a - c - e + g, k6 = a - b - e + f, k7 = -a + b + c - d + e - f - g + h;
  return vec4(k0 + k1 * u.x + k2 * u.y + k3 * u.z + k4 * u.x * u.y + k5 * u.y * u.z
      + k6 * u.z * u.x + k7 * u.x * u.y * u.z,
    du * vec3(k1 + k4 * u.y + k6 * u.z + k7 * u.y * u.z,
      k2 + k5 * u.z + k4 * u.x + k7 * u.z * u.x,
      k3 + k6 * u.x + k5 * u.y + k7 * u.x * u.y));
}
float lvNoise(vec3 x) { return lvNoised(x).x; }
float lvFbm(vec3 x)
{
  float s = 0.0, a = 0.5;
  for (int i = 0; i < 4; ++i) { s += a * lvNoise(x); x = x * 2.03 + vec3(17.1, 3.7, 9.2); a *= 0.5; }
  return s / 0.9375;
}

// 1 where a feature of `period` (in the same units as p) is resolved by the pixel grid,
// falling to 0 as it shrinks below a pixel: the filtered mean replaces it, so a distant
// or moving view shows no noise and no shimmer.
float lvResolved(float cellsPerPixel, float lo, float hi)
{
  return 1.0 - smoothstep(lo, hi, cellsPerPixel);
}

vec3 lvSrgbEncode(vec3 c)
{
  c = clamp(c, 0.0, 1.0);
  return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

// Metallic flakes: object-space cells, one flake (a disc cut by the surface) in a cell
// with probability `density`; each flake is tilted at random. Returns the flake's
// coverage of the point in x (its mean over a surface: density x LV_FLAKE_AREA) and its
// brightness weight in y (flakes differ in size and flatness: mean 1, 0.5 + 1.5 h^2);
// `tilt`: the flake normal's object-space tilt.
vec2 lvFlake(vec3 p, float density, float aa, out vec3 tilt)
{
  vec3 c = floor(p);
  vec3 h = lvHash33(c);
  tilt = vec3(0.0);
  if (h.x >= density) return vec2(0.0);
  vec3 centre = 0.25 + 0.5 * lvHash33(c + 71.7);
  float d = length(fract(p) - centre);
  float r = 0.32 + 0.12 * h.y;
  float cover = 1.0 - smoothstep(r - aa, r + aa, d);
  tilt = lvHash33(c + 13.1) * 2.0 - 1.0;
  return vec2(cover, 0.5 + 1.5 * h.z * h.z);
}
// Mean coverage of a cell's flake (a ball of radius 0.32..0.44 cut by the surface).
#define LV_FLAKE_AREA 0.235

// Directional albedos of Burley's principled BRDF (Disney 2012, as Mitsuba 3 evaluates
// it) under uniform light, as polynomials in x = 1 - N.V fitted to Monte Carlo integrals
// (max error 5e-4; tools/fit_microfibre.py). lvBurleyAlbedo: the rough diffuse term
// (f_diff + f_retro) per unit base colour, at roughness r. lvSheenAlbedo: the sheen lobe
// (Schlick weight of the half angle) per unit sheen colour.
float lvBurleyAlbedo(float NdV, float r)
{
  float x = 1.0 - NdV;
  vec3 rr = vec3(1.0, r, r * r);
  float c0 = dot(rr, vec3(0.9762, 0.0600, 0.0));
  float c1 = dot(rr, vec3(0.0, -0.0369, -0.0017));
  float c2 = dot(rr, vec3(0.0, 0.2723, 0.0172));
  float c3 = dot(rr, vec3(0.0, -1.1349, -0.0661));
  float c4 = dot(rr, vec3(0.0, 2.1780, 0.1085));
  float c5 = dot(rr, vec3(-0.4881, -0.3370, 0.0113));
  return c0 + x * (c1 + x * (c2 + x * (c3 + x * (c4 + x * c5))));
}
float lvSheenAlbedo(float NdV)
{
  float x = 1.0 - NdV;
  return x * (0.0107 + x * (0.0066 + x * (0.0746 + x * (-0.0215 + x * 0.0180))));
}
// How far the sheen colour leans from white to the base's hue (Disney's sheen tint).
#define LV_SHEEN_TINT 0.7

// Visual scale of a flake cell: cells are this many flake diameters wide, so that a
// close-up resolves sparkle clusters (a real 20-50 um flake is far below a pixel).
#define LV_FLAKE_CELL 40.0
// Tilt of the flakes around the surface normal (radians, roughly).
#define LV_FLAKE_TILT 0.28
// A flake's mirror reflectance, times the finish's flake colour and brightness.
#define LV_FLAKE_REFLECTANCE 0.5
// Peak slope of the orange-peel waviness at orange_peel = 1.
#define LV_PEEL_SLOPE 0.05
