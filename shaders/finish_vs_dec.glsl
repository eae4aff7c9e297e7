//VTK::PositionVC::Dec
// Livery Studio: object-space position for procedural finishes (flakes, peel, wood).
out vec3 lvPosMC;
