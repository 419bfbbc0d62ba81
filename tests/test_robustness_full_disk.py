"""A full disk where the output, the manifest or the temporary files go: one line that
names the option (or TMPDIR) and what to do, exit 2, no traceback, nothing half-written
left behind, and an earlier output there byte for byte as it was."""

from pathlib import Path

from tests.helpers.robust import assert_one_error, assert_unchanged, cli, full_tmpfs, snapshot

VIDEO = ["--quality", "low", "--fps", "4", "--jobs", "1", "-q"]
EARLIER = b"an earlier render, to be kept as it is" * 100


def test_a_full_output_disk_is_one_line_and_keeps_the_earlier_output(tmp_path):
    with full_tmpfs(tmp_path / "out", keep={"v.mp4": EARLIER}) as out:
        before = snapshot(out)
        r = cli("render", "tiny-tiny", *VIDEO, "-o", out / "v.mp4", cwd=tmp_path,
                env={"ILLUSTRATED_RNN_CACHE": "off"})
        line = assert_one_error(r, "-o")
        assert "no space left" in line and str(out) in line
        assert_unchanged(before, out)


def test_a_full_manifest_disk_is_one_line_and_leaves_no_output(tmp_path):
    with full_tmpfs(tmp_path / "notes") as notes:
        before = snapshot(notes)
        r = cli("render", "tiny-tiny", *VIDEO, "-o", tmp_path / "v.mp4", "--manifest",
                notes / "m.json", cwd=tmp_path, env={"ILLUSTRATED_RNN_CACHE": "off"})
        assert "no space left" in assert_one_error(r, "--manifest")
        assert_unchanged(before, notes)
    assert not (tmp_path / "v.mp4").exists()      # all of a render's files, or none


def test_a_full_tmpdir_is_one_line_that_says_to_move_it(tmp_path):
    # Room for Python's check that TMPDIR is writable, none for a render's frames (a TMPDIR
    # with no room at all is passed over for /tmp by Python itself).
    with full_tmpfs(tmp_path / "tmp", free=64 * 1024) as tmp:
        before = snapshot(tmp)
        r = cli("render", "tiny-tiny", *VIDEO, "-o", tmp_path / "v.mp4", cwd=tmp_path,
                env={"ILLUSTRATED_RNN_CACHE": "off", "TMPDIR": str(tmp)})
        assert "set TMPDIR to a folder on another disk" in assert_one_error(r, "TMPDIR")
        assert_unchanged(before, tmp)
    assert not Path(tmp_path / "v.mp4").exists()
