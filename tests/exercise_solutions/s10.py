"""Attempts at the exercises of notebook 10: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "10.1": Solution(
        placeholder="...  # make layer i train again, with this optimizer and its settings",
        right="model[i].requires_grad_(True)\n"
              "    optimizer.add_param_group({\"params\": list(model[i].parameters())})",
        # the flag alone: the layer gets gradients again, but no optimizer steps it
        misconception="model[i].requires_grad_(True)",
        # plain SGD by hand on .data, in a hook: no momentum, not this optimizer
        shortcut="def sgd_by_hand(p):\n"
                 "        p.data.add_(p.grad, alpha=-0.1)\n"
                 "    model[i].requires_grad_(True)\n"
                 "    for p in model[i].parameters():\n"
                 "        p.register_post_accumulate_grad_hook(sgd_by_hand)",
        # the cell's layer 0, whatever i is
        lucky="model[0].requires_grad_(True)\n"
              "    optimizer.add_param_group({\"params\": list(model[0].parameters())})",
        alternatives=(
            "optimizer.add_param_group({\"params\": model[i].parameters()})\n"
            "    for p in model[i].parameters():\n"
            "        p.requires_grad = True",
            "model[i].requires_grad_(True)\n"
            "    optimizer.add_param_group({\"params\": list(model[i].parameters()), "
            "\"lr\": 0.1, \"momentum\": 0.9})",
            # the settings copied from the group that is there
            "model[i].requires_grad_(True)\n"
            "    settings = {k: v for k, v in optimizer.param_groups[0].items()\n"
            "                if k != \"params\"}\n"
            "    optimizer.add_param_group({\"params\": list(model[i].parameters()), **settings})",
            # the whole model unfrozen: the other layers trained already
            "model.requires_grad_(True)\n"
            "    optimizer.add_param_group({\"params\": list(model[i].parameters())})",
        ),
        also_wrong=(
            # a new optimizer: the one the training loop holds never hears of it
            "model[i].requires_grad_(True)\n"
            "    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)",
            # in the optimizer, but without its momentum: not this optimizer's settings
            "model[i].requires_grad_(True)\n"
            "    optimizer.add_param_group({\"params\": list(model[i].parameters()), "
            "\"momentum\": 0})",
            # at another rate
            "model[i].requires_grad_(True)\n"
            "    optimizer.add_param_group({\"params\": list(model[i].parameters()), "
            "\"lr\": 0.01})",
            # the optimizer built again over everything: its momentum buffers are lost
            "model[i].requires_grad_(True)\n"
            "    optimizer.__init__(model.parameters(), lr=0.1, momentum=0.9)",
            # added, and every momentum buffer thrown away
            "model[i].requires_grad_(True)\n"
            "    optimizer.add_param_group({\"params\": list(model[i].parameters())})\n"
            "    optimizer.state.clear()",
            # in the optimizer, but still frozen: no .grad, so step() skips it
            "optimizer.add_param_group({\"params\": list(model[i].parameters())})",
        )),
}
