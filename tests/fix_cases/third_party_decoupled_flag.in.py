# The switch to decoupled decay comes from each row: apex/DeepSpeed adam_w_mode (adamw_mode), apex
# adagrad_w_mode, timm decoupled_decay, torch_optimizer weight_decouple / decouple_weight_decay.
import apex
from apex.optimizers import FusedAdam, FusedAdagrad, FusedLAMB
from deepspeed.ops.adam import DeepSpeedCPUAdam
from timm.optim import MADGRAD
import torch_optimizer

a = FusedAdam([w], lr=1e-3, adam_w_mode=False, weight_decay=1e-2)
b = apex.optimizers.FusedAdam([w], 1e-3, True, (0.9, 0.999), 1e-8, False, 1e-2)
c = FusedLAMB([w], lr=1e-3, adam_w_mode=False)
d = FusedAdagrad([w], lr=1e-2, weight_decay=1e-4)
e = DeepSpeedCPUAdam([w], lr=1e-3, weight_decay=1e-2, adamw_mode=False)
f = MADGRAD([w], lr=1e-2, weight_decay=1e-4)
g = FusedAdam(
    [w],
    lr=1e-3,
    adam_w_mode=False,  # as in the reference run
    weight_decay=1e-2,
)
h = torch_optimizer.AdaBelief([w], 1e-3, (0.9, 0.999), 1e-8, 1e-4, False, False)
i = torch_optimizer.QHAdam([w], lr=1e-3, weight_decay=1e-4)
