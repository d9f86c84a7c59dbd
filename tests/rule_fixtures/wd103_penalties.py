# Hand-written L2 penalties over all of X.parameters() that go into a loss (WD103),
# reported at the reduction (the `sum(` call) or at the accumulating `for` loop.
import torch


def generator_forms(model, criterion, x, y, lam):
    loss = criterion(model(x), y)
    loss = loss + lam * sum(p.pow(2).sum() for p in model.parameters())  # expect: WD103
    loss = loss + lam * sum((p ** 2).sum() for p in model.parameters())  # expect: WD103
    loss = loss + lam * sum(p.square().sum() for p in model.parameters())  # expect: WD103
    loss = loss + lam * sum(p.norm() for p in model.parameters())  # expect: WD103
    loss = loss + lam * sum(torch.norm(p) for p in model.parameters())  # expect: WD103
    loss = loss + lam * sum(p.norm(2) ** 2 for p in model.parameters())  # expect: WD103
    return loss


def list_comprehension(model, loss, lam):
    return loss + lam * sum([p.pow(2).sum() for p in model.parameters()])  # expect: WD103


def ways_into_the_loss(model, criterion, out, y):
    loss = criterion(out, y) + 1e-4 * sum(p.pow(2).sum() for p in model.parameters())  # expect: WD103
    loss += 1e-4 * sum(p.pow(2).sum() for p in model.parameters())  # expect: WD103
    loss = loss + sum(p.pow(2).sum() for p in model.parameters())  # expect: WD103
    penalty = 0.5 * 1e-4 * sum(w.pow(2).sum() for w in model.parameters())  # expect: WD103
    return loss + penalty


def submodule_parameters(model, loss):
    return loss + 1e-3 * sum(p.pow(2).sum() for p in model.classifier.parameters())  # expect: WD103


def multiline_reduction(model, loss, lam):
    loss = loss + lam * sum(  # expect: WD103
        p.pow(2).sum()
        for p in model.parameters()
    )
    return loss


def loop_into_accumulator(model, loss, l2_lambda):
    l2_reg = torch.tensor(0.0)
    for param in model.parameters():  # expect: WD103
        l2_reg += torch.norm(param)
    loss += l2_lambda * l2_reg
    return loss


def loop_into_accumulator_squared(model, loss, lam):
    reg = 0.0
    for p in model.parameters():  # expect: WD103
        reg = reg + p.norm(2) ** 2
    return loss + lam * reg


def loop_straight_into_the_loss(model, loss):
    for p in model.parameters():  # expect: WD103
        loss = loss + 1e-4 * p.pow(2).sum()
    return loss


def l1_is_not_l2(model, loss, lam):
    loss = loss + lam * sum(p.abs().sum() for p in model.parameters())
    loss = loss + lam * sum(torch.norm(p, 1) for p in model.parameters())
    loss = loss + lam * sum(p.norm(1) for p in model.parameters())
    l1 = torch.tensor(0.0)
    for p in model.parameters():
        l1 = l1 + p.abs().sum()
    return loss + lam * l1


def gradients_are_not_parameters(model):
    grad_sq = sum(p.grad.pow(2).sum() for p in model.parameters() if p.grad is not None)
    total = 0.0
    for p in model.parameters():
        if p.grad is not None:
            total += p.grad.norm(2).item() ** 2
    return grad_sq, total ** 0.5


def only_logged(model, writer, step):
    print("sum of squared weights:", sum(p.pow(2).sum() for p in model.parameters()).item())
    writer.add_scalar("weights/norm", sum(p.norm() ** 2 for p in model.parameters()).item(), step)
    weight_sq = sum(p.pow(2).sum() for p in model.parameters()).item()
    print(f"|w|^2 = {weight_sq:.3f}")


def subset_by_name_is_not_all_parameters(model, loss, lam):
    return loss + lam * sum(p.pow(2).sum() for n, p in model.named_parameters() if "weight" in n)


def squared_by_product(model, loss, lam):
    loss = loss + lam * sum((p * p).sum() for p in model.parameters())  # expect: WD103
    loss = loss + lam * sum(torch.sum(p * p) for p in model.parameters())  # expect: WD103
    return loss + lam * sum((p * q).sum() for p, q in zip(model.parameters(), model.parameters()))


# Helpers that return the penalty: reported when a caller in the file puts the
# result into a loss, at the reduction or loop inside the helper.
def l2_regularization(model):
    return sum(p.pow(2).sum() for p in model.parameters())  # expect: WD103


def l2_by_loop(model):
    reg = 0.0
    for p in model.parameters():  # expect: WD103
        reg = reg + p.norm(2) ** 2
    return reg


def squared_weights_for_logging(model):
    return sum(p.pow(2).sum() for p in model.parameters())


def weight_norm_for_logging(model):
    return sum(p.norm() ** 2 for p in model.parameters()) ** 0.5


class PenalisedNet(torch.nn.Module):
    def l2_penalty(self):
        return sum(p.pow(2).sum() for p in self.parameters())  # expect: WD103

    def squared_norm(self):
        return sum(p.pow(2).sum() for p in self.parameters())

    def training_step(self, x, y):
        loss = torch.nn.functional.cross_entropy(self(x), y)
        print("squared norm", self.squared_norm())
        return loss + self.lam * self.l2_penalty()


def train_with_helpers(model, criterion, x, y, lam, writer):
    loss = criterion(model(x), y) + lam * l2_regularization(model)
    penalty = l2_by_loop(model)
    loss = loss + lam * penalty
    writer.add_scalar("weights/sq", squared_weights_for_logging(model).item())
    writer.add_scalar("weights/norm", weight_norm_for_logging(model).item())
    return loss


def logged_after_scaling(model, n_params, writer, step):
    # Scaled or summed, but only printed, logged, `.item()`-ed or formatted: not a loss.
    print("mean square weight", sum(p.pow(2).sum() for p in model.parameters()) / n_params)
    writer.add_scalar("weights/sq", (0.5 * sum(p.pow(2).sum() for p in model.parameters())).item(), step)
    sq = sum(p.pow(2).sum() for p in model.parameters())
    print(f"rms weight {(sq / n_params) ** 0.5:.4f} total {sq + 0.0:.2f}")
    total = 0.0
    for p in model.parameters():
        total += p.norm() ** 2
    print("per-parameter", total / n_params)
    writer.add_scalar("weights/scaled", 1e-4 * sum(p.pow(2).sum() for p in model.parameters()), step)


# A penalty method called on an instance (``model.reg_loss()``) from the training loop:
# reported when no other function in the file has the method's name.
class RegularisedNet(torch.nn.Module):
    def reg_loss(self):
        return sum(p.pow(2).sum() for p in self.parameters())  # expect: WD103

    def weight_sq_by_loop(self):
        total = 0.0
        for p in self.parameters():  # expect: WD103
            total = total + p.norm(2) ** 2
        return total

    def sq_weights(self):
        return sum(p.pow(2).sum() for p in self.parameters())

    def summary(self):
        return sum(p.pow(2).sum() for p in self.parameters())


class OtherNet(torch.nn.Module):
    def summary(self):
        return 0.0


def train_regularised(model, criterion, x, y, lam, logger):
    loss = criterion(model(x), y) + lam * model.reg_loss()
    loss = loss + lam * model.module.weight_sq_by_loop()
    logger.info("sq weights %s", model.sq_weights())
    # Two classes define `summary`: the instance call may not reach this one.
    loss = loss + lam * model.summary()
    return loss


def logged_inside_containers(model, wd, writer, step):
    # Scaled, but only inside a dict/list handed to a logger, or turned into a Python number.
    l2 = sum(p.pow(2).sum() for p in model.parameters())
    wandb.log({"reg/l2": wd * l2, "step": step})
    sq = 0.0
    for p in model.parameters():
        sq += p.norm() ** 2
    writer.add_scalars("weights", {"sq": sq / 2}, step)
    sq_value = float(wd * sum(p.pow(2).sum() for p in model.parameters()))
    return sq_value


def loss_terms_in_containers(model, ce, wd):
    # A container that is not logged can still be the loss.
    l2 = sum(p.pow(2).sum() for p in model.parameters())  # expect: WD103
    terms = {"ce": ce, "l2": wd * l2}
    return sum(terms.values())
