"""Ships content/ (the bundled scenarios) inside the installed package as game/content.

Everything else is in pyproject.toml. In a source checkout or an editable install the game
reads content/ directly (see game/loader/files.py: bundled_content_dir).
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithContent(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent / "content"
        target = Path(self.build_lib) / "game" / "content"
        for src in root.rglob("*"):
            if src.is_file() and src.suffix in (".yaml", ".yml", ".md"):
                dst = target / src.relative_to(root)
                dst.parent.mkdir(parents=True, exist_ok=True)
                self.copy_file(str(src), str(dst))


setup(cmdclass={"build_py": BuildWithContent})
