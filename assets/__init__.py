"""Shipped data of Livery Studio: the catalog, the stand-in vehicles, environments, icons.

A package only so that ``importlib.resources`` finds it wherever the app is installed.
"""
