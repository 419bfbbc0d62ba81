"""Crafted weights files are one `error: --weights: ...` line, never a traceback and never
numbers the file does not hold: sparse, meta, quantized and boolean tensors in a .pt
(torch.load accepts them all), an .npz whose member is encrypted. Each is the real
command line on a file the test makes."""

import numpy as np
import pytest

from tests.helpers.robust import assert_one_error, cli

torch = pytest.importorskip("torch", exc_type=ImportError)

CRAFTED = {
    "sparse": lambda t: t.to_sparse(),
    "meta": lambda t: torch.empty(t.shape, device="meta"),
    "quantized": lambda t: torch.quantize_per_tensor(t, 0.1, 0, torch.qint8),
    "boolean": lambda t: t > 0,
}


@pytest.mark.filterwarnings("ignore::UserWarning")        # quantize_per_tensor is deprecated
@pytest.mark.parametrize("kind", CRAFTED)
def test_a_tensor_that_is_not_plain_numbers_is_refused_by_name(tmp_path, kind):
    w = {"weight_ih_l0": torch.randn(3, 3), "weight_hh_l0": torch.randn(3, 3),
         "bias_ih_l0": torch.zeros(3), "bias_hh_l0": torch.zeros(3)}
    w["weight_ih_l0"] = CRAFTED[kind](w["weight_ih_l0"])
    torch.save(w, tmp_path / "w.pt")
    line = assert_one_error(cli("trace", "rnn", "--weights", "w.pt", cwd=tmp_path), "--weights")
    assert "weight_ih_l0" in line


def test_an_encrypted_npz_member_is_refused(tmp_path):
    np.savez(tmp_path / "w.npz", weight_ih_l0=np.zeros((3, 3)), weight_hh_l0=np.zeros((3, 3)),
             bias_ih_l0=np.zeros(3), bias_hh_l0=np.zeros(3))
    data = bytearray((tmp_path / "w.npz").read_bytes())
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):   # set "encrypted"
        at = data.find(signature)
        while at >= 0:
            data[at + flags] |= 1
            at = data.find(signature, at + 4)
    (tmp_path / "w.npz").write_bytes(bytes(data))
    line = assert_one_error(cli("trace", "rnn", "--weights", "w.npz", cwd=tmp_path), "--weights")
    assert "encrypted" in line
