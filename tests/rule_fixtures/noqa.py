# Suppression with `# noqa` on the physical line where a finding is reported.
import torch


def bare_noqa(model):
    torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)  # noqa
    torch.optim.AdamW(model.parameters(), lr=1e-3)  # noqa


def noqa_with_codes(model, params):
    torch.optim.AdamW(model.parameters(), lr=1e-3)  # noqa: WD102
    torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)  # noqa: WD101, WD102
    torch.optim.Adam(params, lr=1e-3, weight_decay=1e-4)  # noqa: WD101


def noqa_inside_a_multiline_call(model):
    # A noqa on the first line suppresses what is reported on that line only.
    torch.optim.Adam(  # noqa
        model.parameters(),  # expect: WD102
        lr=1e-3,
        weight_decay=1e-4,
    )
    torch.optim.Adam(  # noqa: WD101
        model.parameters(),  # expect: WD102
        lr=1e-3,
        weight_decay=1e-4,
    )
    # A noqa for WD102 on the call line does not reach the parameters line.
    torch.optim.AdamW(  # noqa: WD102
        model.parameters(),  # expect: WD102
        lr=1e-3,
    )
    # A noqa on the parameters line suppresses the WD102 reported there.
    torch.optim.Adam(  # expect: WD101
        model.parameters(),  # noqa: WD102
        lr=1e-3,
        weight_decay=1e-4,
    )
    torch.optim.SGD(
        model.parameters(),  # noqa
        lr=0.1,
        weight_decay=1e-4,
    )


def noqa_on_other_lines_does_not_suppress(model):
    lr = 1e-3  # noqa: WD102
    torch.optim.AdamW(model.parameters(), lr=lr)  # expect: WD102


def noqa_for_wd103(model, loss, lam):
    loss = loss + lam * sum(p.pow(2).sum() for p in model.parameters())  # noqa: WD103
    for p in model.parameters():  # noqa: WD103
        loss = loss + lam * p.pow(2).sum()
    return loss
