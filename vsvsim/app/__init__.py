"""The browser app (Solara): compare scenarios, one student's story, the network, files.

Modules: :mod:`~vsvsim.app.i18n` (every text in Dutch and English),
:mod:`~vsvsim.app.engine` (checks and computations, no user interface),
:mod:`~vsvsim.app.state` (per-session state), the pages (``compare_page``, ``story_page``,
``network_page``, ``main``), :mod:`~vsvsim.app.files` (downloads, uploads) and
:mod:`~vsvsim.app.mesa_view` (Mesa's SolaraViz page around one model).
"""
