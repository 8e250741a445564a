"""Renderers: results in, strings (or document bytes) out. Nothing here prints or writes files.

Organised by result: each module (``evaluation``, ``whatif``, ``comparison``, ``appeal``,
``rank``, ``check``, ``panel``, ``consensus``, ``equalpay``, ``profile``, ``match``,
``scheme_list``, ``scheme_show``, ``checked``, ``skeleton``, ``schema``) has a typed view of its
result and ``FORMATS``, mapping each format it offers to a function ``(view, target) -> str |
bytes``. The shared pieces are at the bottom, in :mod:`jescore.render.kit`. The command line's
``emit`` picks the renderer, writes the output, and makes its text safe on the way out.
"""
