"""GLSL snippets for VTK's shader replacements (``livery.scene.shading``, ``livery.scene.ibl``).

A package only so that ``importlib.resources`` finds it wherever the app is installed.
"""
