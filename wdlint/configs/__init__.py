"""Optimizers set in config files (YAML, JSON) and built by a factory.

- ``documents``: config text -> nodes with positions (PyYAML's composer for
  YAML, ``json_spans`` for JSON), each scalar with its character span so a
  fix edits that scalar alone;
- ``conventions``: the conventions as data (Hydra ``_target_``, torchtune
  ``_component_``, Lightning CLI ``class_path``/``init_args``, DeepSpeed
  ``optimizer.type``/``params``; DeepSpeed's and timm's optimizer names mapped
  to rows of the optimizer table, each cited);
- ``entries``: the optimizer entries a document holds, their decay and
  decoupled switch read as the library reads them;
- ``lint`` / ``fix``: the engine's entry points; what is a finding is the
  rules' (``check_config`` in ``wdlint/rules/wd101.py``, ``wd102.py``).
"""
