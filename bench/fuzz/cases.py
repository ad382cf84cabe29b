"""Input number n of a run: which importer, which sample, which mutation; a function of (seed, n) alone."""

import random
from dataclasses import dataclass

from .mutate import Seed, mutate
from .targets import IMPORTERS

EXTENSIONS = {"docx": ".docx", "pdf": ".pdf", "txt": ".txt", "html": ".html", "xlsx": ".xlsx"}


@dataclass(frozen=True)
class Case:
    number: int
    importer: str
    seed: str
    how: str
    data: bytes

    @property
    def extension(self) -> str:
        kind = self.importer.split(".", 1)[1] if self.importer.startswith("plan.") else "xlsx"
        return EXTENSIONS[kind] if self.importer != "appendix" else ".bin"  # the appendix importer sniffs


def pools(seeds: dict[str, list[Seed]]) -> dict[str, list[Seed]]:
    """The samples each importer mutates: the plan importer's by format, each XLSX import's own."""
    result = {f"plan.{kind}": [s for s in seeds["plan"] if s.kind == kind] for kind in ("docx", "pdf", "txt", "html")}
    xlsx_imports = [name for name in IMPORTERS if not name.startswith("plan.")]  # each samples its own files
    result.update({name: seeds[name] for name in xlsx_imports})
    assert set(result) == set(IMPORTERS) and all(result.values())
    return result


def make_case(run_seed: int, number: int, by_importer: dict[str, list[Seed]], every: list[Seed]) -> Case:
    rng = random.Random(run_seed * 1_000_003 + number)
    importer = IMPORTERS[number % len(IMPORTERS)]
    # Now and then another importer's sample (a workbook sent as a plan, a PDF sent as a workbook).
    seed = rng.choice(every) if rng.random() < 0.08 else rng.choice(by_importer[importer])
    if rng.random() < 0.01:  # the sample as it is: the importer must still read it
        return Case(number, importer, seed.name, "none", seed.data)
    how, data = mutate(rng, seed, every)
    return Case(number, importer, seed.name, how, data)
