"""A slide deck from scenes: an optional deck title slide, a title slide per scene, then one
slide per section clip; or a handout of the same sections (PDF).

The scenes are rendered with sections (the same render as `render --sections`); the
deck is then built from each sections folder's index.json: the clip, its short title,
its caption and the equations shown during it with their real numbers (the speaker
notes). A scene's intro (what plays before its first section: the cell being drawn, the
inputs arriving) has no caption of its own, so it is joined to the first section's clip
instead of getting an empty slide. Every clip's poster is its last frame. Three builders
share this model: slides_pptx (PowerPoint), slides_html (a self-contained folder) and
handout (PDF). Every word they add comes from the strings of --lang. Everything is made
in a private folder and put in place in one atomic step, like every other output.
"""

from dataclasses import dataclass, replace
from pathlib import Path

from cells import InputError
from scenes.parts.strings import say

from pipeline.rendering.distinct_paths import PathUse, refuse_clashes
from pipeline.rendering.outputs import Staging, prepare_owned_folder, prepare_target
from pipeline.rendering.scratch import work_folder

DECKS = ("pptx", "html", "pdf")
DECK_INDEX = "deck.json"          # the slides of an HTML deck, for scripts
DECK_KIND = "html deck"           # the kind of folder outputs.py may replace
SUFFIXES = {"pptx": ".pptx", "pdf": ".pdf"}


@dataclass(frozen=True)
class Clip:
    video: Path                   # MP4
    poster: Path                  # its last frame (PNG)
    subtitles: Path               # its caption as WebVTT
    duration: float


@dataclass(frozen=True)
class Slide:
    kind: str                     # "deck" (the deck's title), "scene" (a scene's title) or "section"
    title: str
    subtitle: str = ""            # deck: the author; scene: the cell it shows
    caption: str = ""
    equations: tuple[str, ...] = ()
    clip: Clip | None = None
    scene: str = ""               # the scene's id
    scene_title: str = ""
    agenda: tuple[str, ...] = ()  # title slides: the titles of what follows

    def notes(self, lang: str) -> str:
        """Speaker notes: a section's caption and each equation it shows with its numbers;
        a title slide's list of what follows."""
        if self.kind == "section":
            return "\n".join(line for line in (self.caption, *self.equations) if line)
        if not self.agenda:
            return ""
        heading = say("deck_agenda" if self.kind == "scene" else "deck_parts", lang)
        return "\n".join([heading] + [f"{n}. {t}" for n, t in enumerate(self.agenda, start=1)])


# ---- the slides of rendered scenes ---------------------------------------------------------------
def _clip(videos: list[Path], captioned_from: float, caption: str, duration: float, stem: Path) -> Clip:
    """The deck's clip of one section: `videos` joined, its poster, its subtitle track."""
    from pipeline.media.frames import last_frame      # PyAV: not at start-up (render.py imports DECKS)
    from pipeline.media.join import join_clips
    from pipeline.media.subtitles import Cue, webvtt
    if len(videos) == 1:
        video = videos[0]
    else:
        video = stem.with_suffix(".mp4")
        join_clips(videos, video)
    poster, vtt = stem.with_suffix(".png"), stem.with_suffix(".vtt")
    last_frame(video, poster)
    cues = [Cue(captioned_from, duration, caption)] if caption else []
    vtt.write_text(webvtt(cues), encoding="utf-8")
    return Clip(video, poster, vtt, duration)


def scene_slides(info, folder: Path, lang: str, work: Path) -> list[Slide]:
    """The title slide and the section slides of one rendered scene (its sections folder);
    the deck's clips, posters and subtitles are made in the new folder `work`."""
    from pipeline.rendering.sections import INTRO, read_index
    work.mkdir(parents=True)
    sections = read_index(folder)["sections"]
    intro = sections[0] if sections and sections[0]["name"] == INTRO and len(sections) > 1 else None
    title = info.title_in(lang)
    slides = []
    for n, s in enumerate(sections[1:] if intro else sections):
        lead = [intro] if intro and n == 0 else []
        videos = [folder / e["file"] for e in lead + [s]]
        offset = sum(e["duration"] for e in lead)
        clip = _clip(videos, offset, s["caption"], offset + s["duration"], work / Path(s["file"]).stem)
        slides.append(Slide("section", s["title"] or title, caption=s["caption"],
                            equations=tuple(s["equations"]), clip=clip, scene=info.id, scene_title=title))
    head = Slide("scene", title, subtitle=info.cell.upper(), scene=info.id, scene_title=title,
                 agenda=tuple(s.title for s in slides))
    return [head] + slides


def deck_slides(scenes: list[tuple[object, Path]], lang: str, work: Path,
                title: str | None = None, author: str | None = None) -> list[Slide]:
    """The slides of [(SceneInfo, sections folder)], in order, after a deck title slide if
    `title` is given; clips, posters and subtitles are made in `work`."""
    slides = [s for k, (info, folder) in enumerate(scenes, start=1)
              for s in scene_slides(info, folder, lang, work / f"{k:02d}-{info.id}")]
    if title:
        slides.insert(0, Slide("deck", title, subtitle=author or "",
                               agenda=tuple(s.title for s in slides if s.kind == "scene")))
    return slides


# ---- the command -----------------------------------------------------------------------------
def deck_format(to: str | None, out: str | None) -> str:
    """--to, or from -o: a .pptx file is PowerPoint, a .pdf file a handout, a name without
    extension an HTML folder; PowerPoint without either."""
    suffix = Path(out).suffix.lower() if out else ""
    if to is None:
        return next((kind for kind, s in SUFFIXES.items() if s == suffix), "pptx" if out is None else "html")
    if to in SUFFIXES and out is not None and suffix != SUFFIXES[to]:
        what = "a PowerPoint deck" if to == "pptx" else "a handout"
        raise InputError("-o", f"{out!r}: {what} is a {SUFFIXES[to]} file")
    if to == "html" and suffix:
        raise InputError("-o", f"{out!r}: an HTML deck is a folder (index.html and the clips); "
                               "give a name without an extension")
    return to


def default_output(scene_ids: list[str], to: str) -> Path:
    name = scene_ids[0] if len(scene_ids) == 1 else "slides"
    return Path("media") / {"pptx": f"{name}-slides.pptx", "html": f"{name}-slides",
                            "pdf": f"{name}-handout.pdf"}[to]


def check_titles(title: str | None, author: str | None) -> None:
    if author and not title:
        raise InputError("--author", "is shown on the deck's title slide; give --title too")
    for option, text in (("--title", title), ("--author", author)):
        if text is not None and not text.strip():
            raise InputError(option, "is empty")


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


def make_deck(requests: list, to: str, out: Path, *, lang: str, jobs: int = 1, progress=None,
              title: str | None = None, author: str | None = None, loop: bool = False) -> Path:
    """Render the requests' scenes and write `out`: a .pptx file, an HTML folder or a PDF handout."""
    check_titles(title, author)
    refuse_clashes([PathUse("-o", out, writes=True, folder=to == "html")]
                   + [u for r in requests for u in r.path_uses() if not u.writes])
    if to == "html":
        prepare_deck_folder(out)
    else:
        prepare_target(out, "-o")
    say_progress = progress or (lambda text: None)
    with Staging() as staging, work_folder("deck-") as work:
        if len(requests) > 1:
            say_progress(f"rendering {len(requests)} scenes"
                         + (f", {min(jobs, len(requests))} at once" if jobs > 1 else ""))
        folders = render_sections(requests, work / "render", jobs)
        slides = deck_slides([(r.scene, f) for r, f in zip(requests, folders)], lang, work / "clips",
                             title, author)
        say_progress(f"building the {to}: {len(slides)} slides")
        if to == "pptx":
            from pipeline.workflows.slides_pptx import build_pptx
            build_pptx(slides, work / "deck.pptx", lang=lang, loop=loop)
            staging.file(work / "deck.pptx", out)
        elif to == "pdf":
            from pipeline.workflows.handout import build_handout
            build_handout(slides, work / "handout.pdf", lang=lang)
            staging.file(work / "handout.pdf", out)
        else:
            from pipeline.workflows.slides_html import build_html
            build_html(slides, work / "deck", lang=lang, loop=loop)
            staging.folder(work / "deck", out, "-o", DECK_KIND)
        staging.commit()
    return out
