"""The constructors of DeepSpeed's optimizers, copied verbatim from deepspeed 0.19.8 (the PyPI sdist),
for tests/test_third_party_optimizers.py: DeepSpeed's ops need a CUDA build, so the table is held
against this excerpt. Each class names its source file."""


class FusedAdam:
    """deepspeed/ops/adam/fused_adam.py"""

    def __init__(self,
                 params,
                 lr=1e-3,
                 bias_correction=True,
                 betas=(0.9, 0.999),
                 eps=1e-8,
                 adam_w_mode=True,
                 weight_decay=0.,
                 amsgrad=False,
                 set_grad_none=True):
        ...


class DeepSpeedCPUAdam:
    """deepspeed/ops/adam/cpu_adam.py"""

    def __init__(self,
                 model_params,
                 lr=1e-3,
                 bias_correction=True,
                 betas=(0.9, 0.999),
                 eps=1e-8,
                 weight_decay=0,
                 amsgrad=False,
                 adamw_mode=True,
                 fp32_optimizer_states=True):
        ...


class FusedLamb:
    """deepspeed/ops/lamb/fused_lamb.py"""

    def __init__(self,
                 params,
                 lr=1e-3,
                 bias_correction=True,
                 betas=(0.9, 0.999),
                 eps=1e-8,
                 eps_inside_sqrt=False,
                 weight_decay=0.,
                 max_grad_norm=0.,
                 max_coeff=10.0,
                 min_coeff=0.01,
                 amsgrad=False):
        ...


class DeepSpeedCPUAdagrad:
    """deepspeed/ops/adagrad/cpu_adagrad.py"""

    def __init__(self, model_params, lr=1e-2, eps=1e-10, weight_decay=0, amsgrad=False, fp32_optimizer_states=True):
        ...


class FusedLion:
    """deepspeed/ops/lion/fused_lion.py"""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), weight_decay=0., set_grad_none=True):
        ...


class DeepSpeedCPULion:
    """deepspeed/ops/lion/cpu_lion.py"""

    def __init__(self, model_params, lr=1e-3, betas=(0.9, 0.999), weight_decay=0, fp32_optimizer_states=True):
        ...
