//VTK::PositionVC::Impl
  lvPosMC = vertexMC.xyz;
