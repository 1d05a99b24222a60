"""Optimisers: the update rules by hand, step by step against Keras, and bad input."""

import numpy as np
import pytest

from nnbook import descent, optimizers
from nnbook.optimizers import SGD, Adam, RMSprop, minimize


def test_plain_sgd_is_w_minus_lr_g():
    w = np.array([2.0, -1.0])
    SGD(0.01).step([w], [np.array([-24.0, 10.0])])
    np.testing.assert_allclose(w, [2.24, -1.1])  # seed 001: 2 - 0.01 * (-24) = 2.24


def test_momentum_by_hand():
    # v = mu v - lr g; w += v. With a constant gradient the steps grow: 1, 1.5, 1.75 (x lr g)
    w, opt = np.array([0.0]), SGD(0.1, momentum=0.5)
    steps = []
    for _ in range(3):
        before = w.copy()
        opt.step([w], [np.array([1.0])])
        steps.append(float(before[0] - w[0]))
    np.testing.assert_allclose(steps, [0.1, 0.15, 0.175])


def test_nesterov_by_hand():
    w, opt = np.array([0.0]), SGD(0.1, momentum=0.9, nesterov=True)
    opt.step([w], [np.array([1.0])])  # v = -0.1; w += 0.9 v - 0.1 = -0.19
    np.testing.assert_allclose(w, [-0.19])


def test_adam_first_step_is_lr_times_sign():
    # bias correction makes Adam's first step ~ lr * g / |g|, whatever the scale of g
    w = np.array([0.0, 0.0])
    Adam(0.01).step([w], [np.array([0.1, -50.0])])
    np.testing.assert_allclose(w, [-0.01, 0.01], rtol=1e-3)


def test_steps_count_and_reset():
    opt = RMSprop(0.01)
    w = np.ones(3)
    for _ in range(4):
        opt.step([w], [w.copy()])
    assert opt.iterations == 4
    opt.reset()
    assert opt.iterations == 0 and opt._state is None


@pytest.mark.parametrize("name", sorted(optimizers.OPTIMIZERS))
def test_every_optimizer_reaches_the_bottom_of_a_bowl(name):
    rate = {"sgd": 0.05, "adagrad": 0.5, "rmsprop": 0.01, "adam": 0.05}[name]
    path = minimize(lambda w, k: descent.ravine_grad(w), [3.0, 1.0],
                    optimizers.get(name, learning_rate=rate), steps=800)
    assert descent.ravine(path[-1]) < 1e-3


def test_minimize_marks_divergence_with_inf():
    path = minimize(lambda w, k: descent.ravine_grad(w), [1.0, 1.0], SGD(0.1), steps=2000)
    assert np.isfinite(path[:10]).all()
    assert np.isinf(path[-1]).all()  # steps across the ravine grow by |1 - 2.5| each time


@pytest.mark.parametrize("call, message", [
    (lambda: SGD(0), "learning_rate must be a finite number > 0"),
    (lambda: SGD(0.1, momentum=1.0), "momentum must be a finite number >= 0 and < 1"),
    (lambda: SGD("fast"), "learning_rate must be numeric"),
    (lambda: optimizers.get("adamw"), "unknown optimizer 'adamw'"),
    (lambda: optimizers.get(SGD(), learning_rate=1), "not an instance"),
    (lambda: SGD().step([np.ones(2)], []), "got 1 parameter arrays but 0 gradients"),
    (lambda: SGD().step([np.ones(2)], [np.ones(3)]), r"grads\[0\] must have shape \(2,\)"),
    (lambda: SGD().step([np.ones(2)], [[np.nan, 1]]), "NaN"),
    (lambda: SGD().step([[1.0, 2.0]], [[1.0, 1.0]]), "float NumPy array"),
    (lambda: minimize(lambda w, k: np.ones(3), [0.0, 0.0], "sgd", 2), "must return shape"),
    (lambda: minimize(lambda w, k: w, [0.0, 0.0], "sgd", -1), "steps must be"),
])
def test_bad_input_is_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_line_fit_gradient_and_minimum():
    from nnbook.gradcheck import check_gradient

    problem = descent.LineFit(n_samples=32, seed=1)
    assert check_gradient(problem.cost, problem.grad, [0.3, -0.2]) < 1e-7
    np.testing.assert_allclose(problem.grad(problem.best), [0, 0], atol=1e-10)
    # the mini-batch gradients of one epoch average to the full gradient (equal batches)
    grad = problem.batch_grad(batch_size=8, seed=0)
    w = np.array([1.0, 0.0])
    np.testing.assert_allclose(np.mean([grad(w, k) for k in range(4)], axis=0),
                               problem.grad(w))
    surface = problem.surface([0.0, problem.best[0]], [problem.best[1]])
    assert surface[0, 1] == pytest.approx(problem.cost(problem.best))


@pytest.mark.parametrize("f, grad", [(descent.ravine, descent.ravine_grad),
                                     (descent.bumpy, descent.bumpy_grad)])
def test_toy_costs_gradients(f, grad):
    from nnbook.gradcheck import check_gradient

    for w in ([0.3, -0.7], [1.2, 0.4], [-1.1, 2.0]):
        assert check_gradient(f, grad, w) < 1e-7
