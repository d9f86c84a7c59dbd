"""The constructors of NVIDIA apex's optimizers, copied verbatim from NVIDIA/apex @ 6424da3b
(25.09-52-g6424da3b, 2026-07-08), for tests/test_third_party_optimizers.py: apex builds only
with CUDA, so the table is held against this excerpt. Each class names its source file."""


class FusedAdam:
    """apex/optimizers/fused_adam.py"""

    def __init__(
        self,
        params,
        lr=1e-3,
        bias_correction=True,
        betas=(0.9, 0.999),
        eps=1e-8,
        adam_w_mode=True,
        weight_decay=0.0,
        amsgrad=False,
        set_grad_none=True,
        capturable=False,
        master_weights=False,
    ):
        ...


class FusedLAMB:
    """apex/optimizers/fused_lamb.py"""

    def __init__(
        self,
        params,
        lr=1e-3,
        bias_correction=True,
        betas=(0.9, 0.999),
        eps=1e-6,
        weight_decay=0.01,
        amsgrad=False,
        adam_w_mode=True,
        grad_averaging=True,
        set_grad_none=True,
        max_grad_norm=1.0,
        use_nvlamb=False,
    ):
        ...


class FusedSGD:
    """apex/optimizers/fused_sgd.py"""

    def __init__(
        self,
        params,
        lr=required,
        momentum=0,
        dampening=0,
        weight_decay=0,
        nesterov=False,
        wd_after_momentum=False,
        materialize_master_grads=True,
        set_grad_none=False,
    ):
        ...


class FusedNovoGrad:
    """apex/optimizers/fused_novograd.py"""

    def __init__(
        self,
        params,
        lr=1e-3,
        bias_correction=True,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0.0,
        amsgrad=False,
        reg_inside_moment=False,
        grad_averaging=True,
        norm_type=2,
        init_zero=False,
        set_grad_none=True,
    ):
        ...


class FusedAdagrad:
    """apex/optimizers/fused_adagrad.py"""

    def __init__(
        self,
        params,
        lr=1e-2,
        eps=1e-10,
        weight_decay=0.0,
        set_grad_none=True,
        adagrad_w_mode=False,
    ):
        ...


class FusedMixedPrecisionLamb:
    """apex/optimizers/fused_mixed_precision_lamb.py"""

    def __init__(
        self,
        params,
        lr=1e-3,
        step=0,
        bias_correction=True,
        betas=(0.9, 0.999),
        eps=1e-6,
        weight_decay=0.01,
        amsgrad=False,
        adam_w_mode=True,
        grad_averaging=True,
        max_grad_norm=1.0,
        use_nvlamb=False,
        reduced_precision_dtype=None,
    ):
        ...
