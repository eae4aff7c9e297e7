"""numpy images to VTK image data: the one place rows are turned over.

Images here are (h, w, channels) with row 0 on top, as files and the loaders give
them; VTK's rows go bottom-up (texture coordinate v = 0 at the first row).
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkImageData


def image_data(pixels: np.ndarray) -> vtkImageData:
    """A deep copy of ``pixels`` (h, w, c), its dtype kept, rows turned bottom-up."""
    h, w, c = pixels.shape
    image = vtkImageData()
    image.SetDimensions(w, h, 1)
    flat = np.ascontiguousarray(pixels[::-1].reshape(-1, c))
    image.GetPointData().SetScalars(numpy_to_vtk(flat, deep=True))
    return image
