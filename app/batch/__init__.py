"""Render sets: a job (TOML) expands to shots that warm workers render.

``job`` reads and checks a job file, ``plan`` turns it into shots that know their
inputs and output names, ``worker`` (the only module here that imports VTK) renders
them with one Stage per process, ``run`` schedules them on Dask distributed, and
``manifest``, ``sheet`` and ``gallery`` write what people use.
"""
