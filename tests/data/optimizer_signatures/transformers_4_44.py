"""The constructor of transformers.AdamW, copied verbatim from transformers 4.44.2 (the PyPI wheel):
the class was deprecated and later removed (transformers 5.x has none), so the table's row is held
against this excerpt."""


class AdamW:
    """transformers/optimization.py"""

    def __init__(
        self,
        params: Iterable[nn.parameter.Parameter],
        lr: float = 1e-3,
        betas: Tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-6,
        weight_decay: float = 0.0,
        correct_bias: bool = True,
        no_deprecation_warning: bool = False,
    ):
        ...
