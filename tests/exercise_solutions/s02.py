"""Attempts at the exercises of notebook 02: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "02.1": Solution(placeholder="...  # freeze the second layer here",
                     misconception="gru.weight_hh_l1.requires_grad_(False)",
                     right="""for name, p in gru.named_parameters():
    p.requires_grad_(not name.endswith("_l1"))"""),
    "02.2": Solution(placeholder="...  # your line: change half so that its output needs no "
                                 "gradient",
                     misconception="half.eval()", right="half[0].weight.requires_grad_(False)"),
    "02.3": Solution(placeholder="ce = ...  # your loss module",
                     misconception=(
                         "ce = nn.CrossEntropyLoss(weight=class_weight).requires_grad_(False)"),
                     right="ce = nn.CrossEntropyLoss(weight=class_weight.detach())"),
    "02.4": Solution(placeholder="deeper = ...  # nn.Sequential(...) with mlp3's layers in it",
                     misconception="deeper = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), "
                                   "nn.Linear(2, 2), *mlp3)",
                     right="deeper = nn.Sequential(*mlp3, nn.Tanh(), nn.Linear(1, 1), nn.Tanh())"),
}
