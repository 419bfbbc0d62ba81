"""A slide deck from scenes: one title slide per scene, then one slide per section clip.

The scenes are rendered with sections (the same render as `render --sections`); the
deck is then built from each sections folder's index.json: the clip, its caption and
the equations shown during it with their real numbers (the speaker notes). Two
builders share this model: slides_pptx (PowerPoint, python-pptx) and slides_html (a
self-contained folder). Everything is made in a private folder and put in place in one
atomic step, like every other output.
"""

import json
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from cells import InputError

from pipeline.media.encoders import ENCODER_OPTIONS
from pipeline.rendering.outputs import SECTIONS_INDEX, Staging, prepare_owned_folder, prepare_target
from pipeline.rendering.distinct_paths import PathUse, refuse_clashes
from pipeline.rendering.scratch import work_folder

DECKS = ("pptx", "html")
DECK_INDEX = "deck.json"          # the slides of an HTML deck, for scripts
DECK_KIND = "html deck"           # the kind of folder outputs.py may replace

@dataclass(frozen=True)
class Slide:
    clip: Path | None            # the section's MP4; None for a title slide
    title: str                   # the scene's title (title slides) or the section's name
    notes: str
    duration: float = 0.0
    scene: str = ""
    subtitle: str = ""


def notes_text(section: dict) -> str:
    """Speaker notes: the caption, then each equation shown, with its numbers."""
    lines = [section.get("caption", "")] + list(section.get("equations", []))
    return "\n".join(line for line in lines if line)


def deck_slides(scenes: list[tuple[object, Path]], lang: str) -> list[Slide]:
    """The slides of [(SceneInfo, sections folder)], in order."""
    slides = []
    for info, folder in scenes:
        index = json.loads((folder / SECTIONS_INDEX).read_text(encoding="utf-8"))
        title = info.title_in(lang)
        slides.append(Slide(None, title, info.description, scene=info.id,
                            subtitle=info.cell.upper()))
        for s in index["sections"]:
            slides.append(Slide(folder / s["file"], s["name"], notes_text(s) or title,
                                s["duration"], info.id))
    return slides


# ---- media helpers ---------------------------------------------------------------------------
def first_frame(clip: Path, png: Path) -> None:
    """The clip's first frame as a PNG (the poster a slide shows before it plays)."""
    import av
    with av.open(str(clip)) as c:
        frame = next(c.decode(video=0))
        frame.to_image().save(png)


def to_webm(clip: Path, webm: Path) -> None:
    """The same frames as VP9 WebM, with the renders' own WebM settings."""
    import av
    with av.open(str(clip)) as src, av.open(str(webm), "w", format="webm") as out:
        vin = src.streams.video[0]
        rate = vin.average_rate or vin.guessed_rate or Fraction(30)
        vout = out.add_stream("libvpx-vp9", rate=rate)
        vout.width, vout.height, vout.pix_fmt = vin.width, vin.height, "yuv420p"
        vout.options = dict(ENCODER_OPTIONS["webm"])
        for n, frame in enumerate(src.decode(vin)):
            frame.pts, frame.time_base = n, 1 / Fraction(rate)
            out.mux(vout.encode(frame))
        out.mux(vout.encode())


# ---- the command -----------------------------------------------------------------------------
def deck_format(to: str | None, out: str | None) -> str:
    """--to, or from -o: a .pptx file is PowerPoint, a name without extension an HTML folder."""
    suffix = Path(out).suffix.lower() if out else ""
    if to is None:
        return "pptx" if suffix == ".pptx" or out is None else "html"
    if to == "pptx" and out is not None and suffix != ".pptx":
        raise InputError("-o", f"{out!r}: a PowerPoint deck is a .pptx file")
    if to == "html" and suffix:
        raise InputError("-o", f"{out!r}: an HTML deck is a folder (index.html and the clips); "
                               "give a name without an extension")
    return to


def default_output(scene_ids: list[str], to: str) -> Path:
    name = (scene_ids[0] if len(scene_ids) == 1 else "slides") + "-slides"
    return Path("media") / (name + ".pptx" if to == "pptx" else name)


def prepare_deck_folder(folder: Path) -> None:
    prepare_owned_folder(folder, "-o", DECK_KIND)
    prepare_target(folder, "-o", folder=True)


def render_sections(requests: list, work: Path, jobs: int) -> list[Path]:
    """Render each request with sections into `work`; returns each scene's sections folder.

    One scene renders here, its sections split over `jobs` processes (`render --jobs`);
    several scenes go whole to a pool of `jobs` processes (Manim's config is
    process-global), like `batch`, which wastes nothing on skipped sections.
    """
    pool = jobs > 1 and len(requests) > 1
    reqs = [replace(r, fmt="mp4", sections=True, out=work / f"{k:02d}-{r.scene.id}.mp4",
                    quiet=r.quiet or pool, jobs=1 if pool else jobs)
            for k, r in enumerate(requests, start=1)]
    if not pool:
        from pipeline.rendering.render import render
        for r in reqs:
            render(r)
    else:
        from pipeline.workflows.batch import local_executor, run_job
        with local_executor(min(jobs, len(reqs))) as pool:
            results = list(pool.map(run_job, reqs))
        for r, result in zip(reqs, results):
            if not result["ok"]:
                raise InputError("", f"{r.scene.id}: {result['error']}")
    return [r.sections_dir for r in reqs]


def make_deck(requests: list, to: str, out: Path, *, lang: str, jobs: int = 1,
              progress=None) -> Path:
    """Render the requests' scenes and write the deck `out` (a .pptx file or an HTML folder)."""
    refuse_clashes([PathUse("-o", out, writes=True, folder=to == "html")]
                   + [u for r in requests for u in r.path_uses() if not u.writes])
    if to == "pptx":
        prepare_target(out, "-o")
    else:
        prepare_deck_folder(out)
    say = progress or (lambda text: None)
    with Staging() as staging, work_folder("deck-") as work:
        if len(requests) > 1:
            say(f"rendering {len(requests)} scenes"
                + (f", {min(jobs, len(requests))} at once" if jobs > 1 else ""))
        folders = render_sections(requests, work / "render", jobs)
        slides = deck_slides([(r.scene, f) for r, f in zip(requests, folders)], lang)
        say(f"building the {to} deck: {len(slides)} slides")
        if to == "pptx":
            from pipeline.workflows.slides_pptx import build_pptx
            build_pptx(slides, work / "deck.pptx", work / "posters")
            staging.file(work / "deck.pptx", out)
        else:
            from pipeline.workflows.slides_html import build_html
            build_html(slides, work / "deck", lang=lang)
            staging.folder(work / "deck", out, "-o", DECK_KIND)
        staging.commit()
    return out
