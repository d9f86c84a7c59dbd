"""Trainer integrations: one line to check weight decay in the trainers people use.

Each module imports its framework when it is imported, never before:
``wdlint`` itself does not need transformers or Lightning.

- ``wdlint.integrations.transformers.WeightDecayCheck``: an HF ``TrainerCallback``;
- ``wdlint.integrations.lightning.WeightDecayCheck``: a Lightning ``Callback``.

Both check at the start of training, after the trainer has built and wrapped
the optimizer and before the first update; a plain loop, accelerate and
Lightning Fabric use ``wdlint.install(optimizer, model)``.
"""
