# Lists of param groups are checked group by group (WD102 at the group's "params"
# value). AdamW and SGD are used so that WD101 never applies.
import torch


def inline_dict_literals(model, wd):
    torch.optim.SGD(
        [
            {"params": model.backbone.parameters(), "lr": 0.01},  # expect: WD102
            {"params": model.head.parameters()},  # expect: WD102
        ],
        lr=0.1,
        momentum=0.9,
        weight_decay=wd,
    )
    torch.optim.SGD([{"params": model.backbone.parameters()}, {"params": model.head.parameters()}], lr=0.1, weight_decay=1e-4)  # expect: WD102, WD102


def group_decay_overrides_the_optimizer(model):
    torch.optim.AdamW(
        [
            {"params": model.encoder.parameters(), "weight_decay": 0.05},  # expect: WD102
            {"params": model.head.parameters(), "weight_decay": 0.0},
        ],
        lr=1e-3,
    )
    torch.optim.SGD(
        [
            {"params": model.encoder.parameters(), "weight_decay": 1e-4},  # expect: WD102
            {"params": model.head.parameters(), "weight_decay": 0},
        ],
        lr=0.1,
        weight_decay=0.0,
    )


def group_without_decay_inherits_the_optimizer(model):
    # AdamW's default 0.01 applies to a group that has no "weight_decay" of its own.
    torch.optim.AdamW([{"params": model.parameters()}], lr=1e-3)  # expect: WD102
    torch.optim.AdamW([{"params": model.parameters()}], lr=1e-3, weight_decay=0.0)
    torch.optim.SGD([{"params": model.parameters(), "lr": 0.1}], lr=0.1)


def dict_calls(model, args):
    torch.optim.AdamW(
        [
            dict(params=model.conv1.parameters(), weight_decay=args.weight_decay),  # expect: WD102
            dict(params=model.conv2.parameters(), weight_decay=0.0),
        ],
        lr=1e-3,
    )


def group_list_bound_to_a_local_name(model, args):
    param_groups = [
        {"params": model.backbone.parameters(), "lr": args.lr * 0.1},  # expect: WD102
        {"params": model.classifier.parameters()},  # expect: WD102
    ]
    return torch.optim.SGD(param_groups, lr=args.lr, momentum=0.9, weight_decay=args.weight_decay)


def group_list_bound_to_a_local_name_zero_decay(model, args):
    param_groups = [
        dict(params=model.backbone.parameters(), lr=args.lr * 0.1),
        dict(params=model.classifier.parameters(), weight_decay=0.0),
    ]
    return torch.optim.SGD(param_groups, lr=args.lr, momentum=0.9)


def groups_with_flat_forms(model):
    torch.optim.AdamW(
        [
            {"params": [p for p in model.encoder.parameters() if p.requires_grad]},  # expect: WD102
            {"params": list(model.decoder.parameters()), "weight_decay": 0.0},
            {"params": [model.logit_scale], "weight_decay": 0.1},
        ],
        lr=1e-3,
    )


def classic_decay_no_decay_split(model, args):
    no_decay = ["bias", "LayerNorm.weight"]
    optimizer_grouped_parameters = [
        {
            "params": [p for n, p in model.named_parameters() if not any(nd in n for nd in no_decay)],
            "weight_decay": args.weight_decay,
        },
        {
            "params": [p for n, p in model.named_parameters() if any(nd in n for nd in no_decay)],
            "weight_decay": 0.0,
        },
    ]
    return torch.optim.AdamW(optimizer_grouped_parameters, lr=args.learning_rate)


def shape_split(model, weight_decay):
    return torch.optim.AdamW(
        [
            {"params": [p for p in model.parameters() if p.ndim >= 2], "weight_decay": weight_decay},
            {"params": [p for p in model.parameters() if p.ndim < 2], "weight_decay": 0.0},
        ],
        lr=3e-4,
    )


def group_changed_after_it_is_written(model):
    # The keys seen are not the keys the optimizer gets: the group cannot be read.
    group = {"params": model.parameters(), "lr": 1e-3}
    group["weight_decay"] = 0.0
    torch.optim.AdamW([group], lr=1e-3)
    head = dict(params=model.head.parameters())
    head.update(weight_decay=0.0)
    torch.optim.AdamW([head], lr=1e-3)
    untouched = {"params": model.parameters(), "lr": 1e-3}  # expect: WD102
    torch.optim.AdamW([untouched], lr=1e-3)


def group_list_changed_in_place(model):
    groups = [{"params": model.encoder.parameters()}, {"params": model.head.parameters()}]
    groups[1]["weight_decay"] = 0.0
    torch.optim.AdamW(groups, lr=1e-3)
    replaced = [{"params": model.encoder.parameters()}]
    replaced[0] = {"params": [p for p in model.encoder.parameters() if p.ndim >= 2]}
    torch.optim.AdamW(replaced, lr=1e-3)
