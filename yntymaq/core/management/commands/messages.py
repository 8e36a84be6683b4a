"""Message catalogue tooling that needs only Python and Babel.

Django's ``makemessages`` and ``compilemessages`` shell out to GNU gettext
(``xgettext``, ``msgmerge``, ``msgfmt``). A fresh machine (a developer laptop,
a CI runner) usually has only Python and the packages in the venv, so
``make test`` could not check or build the catalogues there. This command does
the same job with Babel, which is already a dependency:

    python manage.py messages update    # sync msgids of all catalogues with the source
    python manage.py messages check     # fail if a catalogue is stale or untranslated
    python manage.py messages compile   # write django.mo next to every django.po

Extraction follows what ``makemessages`` does: Python files go through Babel's
Python extractor; templates are first turned into gettext calls by Django's own
``templatize()`` (the function ``makemessages`` uses), and the result is fed to
the same extractor, so msgids match what ``{% translate %}`` and
``{% blocktranslate %}`` look up at run time (``%(var)s`` placeholders, ``%%``
for a literal percent sign).

Django merges every catalogue into one at run time, so a (msgctxt, msgid)
has one translation project-wide, whichever catalogue wins. ``check`` therefore
fails when two catalogues of a language translate the same key differently
(give each meaning its own context, or use one wording), and ``update`` fills
a new, empty entry from the catalogues that already translate the key, so that
consistency is the default.

Layout: every app ``yntymaq/<app>/`` owns ``yntymaq/<app>/locale/<lang>/LC_MESSAGES/django.po``
with the strings of its Python files and its ``templates/`` folder; the project
``locale/`` catalogues hold the strings of ``config/``, the project
``templates/`` folder and any module directly in ``yntymaq/``. Catalogues are
written sorted, without source locations and with a fixed header, so that
diffs only show real changes.
"""

import io
import re
import tokenize
from pathlib import Path
from typing import NamedTuple

from babel.messages.extract import extract, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation.template import templatize

LANGUAGES = ("ru", "kk")

PLURAL_FORMS = {
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "kk": "nplurals=2; plural=(n!=1);",
}

# Babel keyword specs: argument positions (1-based) of the msgid, the plural
# msgid and, marked with "c", the context.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}

IGNORED_DIRS = {"migrations", "tests", ".venv", "var", "locale", "__pycache__", "node_modules"}
TEMPLATE_SUFFIXES = {".html", ".txt", ".xml", ".svg", ".md", ".js", ".json", ".csv"}
CATALOGUE = Path("LC_MESSAGES") / "django.po"


class Entry(NamedTuple):
    """One catalogue entry; the key (msgctxt, msgid) is kept outside."""

    plural: str | None  # msgid_plural, None for a singular message
    translations: tuple[str, ...]  # (msgstr,) or (msgstr[0], msgstr[1], ...)
    fuzzy: bool = False


# --- Sources -----------------------------------------------------------------


def _is_ignored(path, base_dir):
    parts = path.relative_to(base_dir).parts[:-1]
    return any(part in IGNORED_DIRS or part.startswith(".") for part in parts)


def _files(folder, base_dir, suffixes):
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in suffixes and not _is_ignored(path, base_dir)
    )


def catalogue_groups(base_dir):
    """Return ``[(locale_dir, source_files)]``, one item per catalogue owner."""
    base_dir = Path(base_dir)
    package = base_dir / "yntymaq"
    project_sources = (
        _files(base_dir / "config", base_dir, {".py"})
        + _files(base_dir / "templates", base_dir, TEMPLATE_SUFFIXES)
        + (sorted(package.glob("*.py")) if package.is_dir() else [])
    )
    groups = [(base_dir / "locale", project_sources)]
    apps = (
        sorted(p for p in package.iterdir() if (p / "__init__.py").is_file())
        if package.is_dir()
        else []
    )
    for app in apps:
        sources = _files(app, base_dir, {".py"}) + _files(
            app / "templates", base_dir, TEMPLATE_SUFFIXES
        )
        groups.append((app / "locale", sources))
    return groups


# --- Extraction --------------------------------------------------------------


def _extract(code_bytes, keywords=KEYWORDS):
    """Yield ``(context, msgid, plural)`` for every gettext call in Python code."""
    for _lineno, message, _comments, context in extract(
        extract_python, io.BytesIO(code_bytes), keywords
    ):
        if isinstance(message, tuple):
            yield context or "", message[0], message[1]
        else:
            yield context or "", message, None


def extract_python_source(code_bytes):
    """Return ``[(context, msgid, plural)]`` for Python source (plural may be None)."""
    return list(_extract(code_bytes))


def template_to_python(source, origin=None):
    """Turn a Django template into Python code with gettext calls, like makemessages.

    ``templatize()`` keeps the template's indentation, which Python's tokenizer
    (used by Babel) rejects as inconsistent dedents, so leading blanks are
    removed from every line; line breaks are kept.
    """
    return re.sub(r"(?m)^[ \t\f]+", "", templatize(source, origin))


def extract_template(source, origin=None):
    """Return ``[(context, msgid, plural)]`` for a template's translatable strings.

    ``templatize()`` turns ``{% translate %}`` and ``{% blocktranslate %}`` into
    ``gettext``/``pgettext``/``ngettext``/``npgettext`` calls, with ``%``
    already doubled as Django does at run time. ``_("...")`` constants (in
    ``{{ }}``, filter arguments and tag arguments) are copied verbatim, yet at
    run time Django doubles ``%`` in them too before the lookup, so they are
    extracted separately and get the same doubling here.
    """
    code = template_to_python(source, origin).encode("utf-8")
    tag_keywords = {name: spec for name, spec in KEYWORDS.items() if name != "_"}
    messages = list(_extract(code, tag_keywords))
    for context, msgid, plural in _extract(code, {"_": None}):
        messages.append((context, msgid.replace("%", "%%"), plural))
    return messages


def extract_messages(source_files):
    """Return ``{(context, msgid): plural}`` for the given files (plural may be None)."""
    found = {}
    for path in source_files:
        try:
            if path.suffix == ".py":
                messages = extract_python_source(path.read_bytes())
            else:
                messages = extract_template(path.read_text(encoding="utf-8"), str(path))
        except (SyntaxError, tokenize.TokenError, UnicodeDecodeError) as error:
            raise CommandError(f"messages: cannot extract strings from {path}: {error}") from error
        for context, msgid, plural in messages:
            # A plural use wins over a singular use of the same msgid.
            if found.get((context, msgid)) is None:
                found[(context, msgid)] = plural
    return found


# --- Catalogue files ---------------------------------------------------------


def read_catalogue(path):
    """Return ``{(context, msgid): Entry}`` from a .po file (obsolete entries skipped)."""
    with open(path, "rb") as fileobj:
        catalog = read_po(fileobj, ignore_obsolete=True)
    entries = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        if isinstance(message.id, tuple):
            msgid, plural = message.id
            translations = tuple(message.string)
        else:
            msgid, plural = message.id, None
            translations = (message.string,)
        entries[(message.context or "", msgid)] = Entry(plural, translations, message.fuzzy)
    return entries


def _nplurals(language):
    return int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[language])[1])


def merge(extracted, existing, language):
    """Build the catalogue for ``extracted`` keys, keeping translations from ``existing``."""
    nplurals = _nplurals(language)
    merged = {}
    for key, plural in extracted.items():
        forms = 1 if plural is None else nplurals
        old = existing.get(key)
        if old is None:
            merged[key] = Entry(plural, ("",) * forms)
            continue
        translations = (old.translations + ("",) * forms)[:forms]
        # A changed plural msgid (or a switch between singular and plural)
        # keeps what translation there is but asks the translator to review it.
        fuzzy = old.fuzzy or (old.plural != plural and any(translations))
        merged[key] = Entry(plural, translations, fuzzy)
    return merged


def _quote(text):
    """Return ``text`` as a PO string, split after each newline like GNU gettext."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    )
    lines = escaped.split("\n")
    pieces = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if len(pieces) <= 1:
        return f'"{"".join(pieces)}"'
    return '""\n' + "\n".join(f'"{piece}"' for piece in pieces)


def render_catalogue(entries, language):
    """Return the text of a .po file: fixed header, then entries sorted by msgid and context."""
    header = (
        "Project-Id-Version: Yntymaq\n"
        f"Language: {language}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        f"Plural-Forms: {PLURAL_FORMS[language]}\n"
    )
    blocks = [
        "# Yntymaq messages. Translate the msgstr lines; msgids are kept in sync\n"
        "# with the source by `python manage.py messages update`.\n"
        f'msgid ""\nmsgstr {_quote(header)}\n'
    ]
    for context, msgid in sorted(entries, key=lambda key: (key[1], key[0])):
        entry = entries[(context, msgid)]
        lines = []
        if entry.fuzzy:
            lines.append("#, fuzzy")
        if context:
            lines.append(f"msgctxt {_quote(context)}")
        lines.append(f"msgid {_quote(msgid)}")
        if entry.plural is None:
            lines.append(f"msgstr {_quote(entry.translations[0])}")
        else:
            lines.append(f"msgid_plural {_quote(entry.plural)}")
            lines.extend(f"msgstr[{i}] {_quote(text)}" for i, text in enumerate(entry.translations))
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _catalogue_path(locale_dir, language):
    return locale_dir / language / CATALOGUE


def _describe(key):
    context, msgid = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


# --- The three modes ---------------------------------------------------------


def _translated(entry):
    return not entry.fuzzy and all(entry.translations)


def translations_by_key(paths):
    """Return ``{key: {path: Entry}}`` for the translated entries of ``paths``.

    The catalogues are of one language; untranslated and fuzzy entries are
    left out, since they translate nothing at run time.
    """
    found = {}
    for path in paths:
        for key, entry in read_catalogue(path).items():
            if _translated(entry):
                found.setdefault(key, {})[path] = entry
    return found


def fill_from_other_catalogues(entries, translated):
    """Fill empty entries of ``entries`` from ``translated`` (see ``translations_by_key``).

    An entry is filled only when every other catalogue that translates its key
    agrees on one translation of the same plural shape; where they disagree the
    entry stays empty, for a person to decide. Return the number filled.
    """
    filled = 0
    for key, entry in entries.items():
        if entry.fuzzy or any(entry.translations):
            continue
        candidates = {
            other.translations
            for other in translated.get(key, {}).values()
            if other.plural == entry.plural
        }
        if len(candidates) == 1:
            entries[key] = Entry(entry.plural, candidates.pop())
            filled += 1
    return filled


def update_catalogues(base_dir, log=print):
    """Sync every catalogue with the source; return the number of files written.

    A new or empty entry takes the translation other catalogues of the same
    language already give its (context, msgid), when they agree on one.
    """
    base_dir = Path(base_dir)
    groups = [
        (locale_dir, extract_messages(sources))
        for locale_dir, sources in catalogue_groups(base_dir)
    ]
    written = 0
    for language in LANGUAGES:
        paths = [_catalogue_path(locale_dir, language) for locale_dir, _extracted in groups]
        translated = translations_by_key(path for path in paths if path.exists())
        for (_locale_dir, extracted), path in zip(groups, paths, strict=True):
            if not extracted and not path.exists():
                continue
            existing = read_catalogue(path) if path.exists() else {}
            entries = merge(extracted, existing, language)
            filled = fill_from_other_catalogues(entries, translated)
            text = render_catalogue(entries, language)
            if path.exists() and path.read_text(encoding="utf-8") == text:
                continue
            added = len(extracted.keys() - existing.keys())
            removed = len(existing.keys() - extracted.keys())
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            summary = f"+{added} new, -{removed} removed"
            if filled:
                summary += f", {filled} filled from other catalogues"
            log(f"updated {path.relative_to(base_dir)} ({summary})")
            written += 1
    return written


def check_catalogues(base_dir):
    """Return ``(problems, string_count)``; ``problems`` is a list of readable lines."""
    base_dir = Path(base_dir)
    problems = []
    total = 0
    for locale_dir, sources in catalogue_groups(base_dir):
        extracted = extract_messages(sources)
        total += len(extracted)
        for stray in sorted(locale_dir.glob(f"*/{CATALOGUE}")):
            if stray.parent.parent.name not in LANGUAGES:
                name = stray.relative_to(base_dir)
                problems.append(f"{name}: unexpected catalogue (only {', '.join(LANGUAGES)})")
        for language in LANGUAGES:
            path = _catalogue_path(locale_dir, language)
            name = path.relative_to(base_dir)
            if not path.exists():
                if extracted:
                    problems.append(
                        f"{name}: catalogue missing ({len(extracted)} strings in the source)"
                    )
                continue
            existing = read_catalogue(path)
            before = len(problems)
            for key in sorted(extracted.keys() - existing.keys()):
                problems.append(f"{name}: missing {_describe(key)}")
            for key in sorted(existing.keys() - extracted.keys()):
                problems.append(f"{name}: no longer in the source {_describe(key)}")
            merged = merge(extracted, existing, language)
            for key in sorted(extracted.keys() & existing.keys()):
                entry = merged[key]
                if existing[key].plural != entry.plural:
                    problems.append(f"{name}: plural form changed in the source {_describe(key)}")
                elif entry.fuzzy:
                    problems.append(f"{name}: untranslated (fuzzy) {_describe(key)}")
                elif not all(entry.translations):
                    problems.append(f"{name}: untranslated {_describe(key)}")
            if len(problems) == before and path.read_text(encoding="utf-8") != render_catalogue(
                merged, language
            ):
                problems.append(f"{name}: not in canonical form (header, order or layout)")
    problems.extend(conflicting_translations(base_dir))
    return problems, total


def _show(translations):
    return repr(translations[0]) if len(translations) == 1 else repr(list(translations))


def conflicting_translations(base_dir):
    """Return a problem line for every key two catalogues of a language translate differently.

    Django merges the catalogues into one at run time, so only one of the
    translations would ever be shown, in every app.
    """
    base_dir = Path(base_dir)
    problems = []
    locale_dirs = [locale_dir for locale_dir, _sources in catalogue_groups(base_dir)]
    for language in LANGUAGES:
        paths = [_catalogue_path(locale_dir, language) for locale_dir in locale_dirs]
        translated = translations_by_key(path for path in paths if path.exists())
        for key in sorted(translated, key=lambda key: (key[1], key[0])):
            by_path = translated[key]
            if len({entry.translations for entry in by_path.values()}) < 2:
                continue
            listing = "; ".join(
                f"{path.relative_to(base_dir)} {_show(entry.translations)}"
                for path, entry in by_path.items()
            )
            problems.append(f"{language}: {_describe(key)} translated differently: {listing}")
    return problems


def compile_catalogues(base_dir, log=print):
    """Write ``django.mo`` next to every ``django.po``; return the number compiled."""
    base_dir = Path(base_dir)
    compiled = 0
    for locale_dir, _sources in catalogue_groups(base_dir):
        for language in LANGUAGES:
            path = _catalogue_path(locale_dir, language)
            if not path.exists():
                continue
            with open(path, "rb") as fileobj:
                catalog = read_po(fileobj, locale=language, ignore_obsolete=True)
            with open(path.with_suffix(".mo"), "wb") as fileobj:
                write_mo(fileobj, catalog, use_fuzzy=False)
            compiled += 1
    log(f"messages: compiled {compiled} catalogues")
    return compiled


class Command(BaseCommand):
    help = "Update, check or compile the ru/kk message catalogues without GNU gettext."

    def add_arguments(self, parser):
        parser.add_argument("mode", choices=["update", "check", "compile"])
        parser.add_argument(
            "--base-dir",
            type=Path,
            default=None,
            help="Project root to work on (default: settings.BASE_DIR).",
        )

    def handle(self, *args, mode, base_dir=None, **options):
        base_dir = Path(base_dir or settings.BASE_DIR)

        def log(line):
            self.stdout.write(line)

        if mode == "update":
            written = update_catalogues(base_dir, log)
            log(f"messages: {written} catalogues written")
        elif mode == "compile":
            compile_catalogues(base_dir, log)
        else:
            problems, total = check_catalogues(base_dir)
            if problems:
                listing = "\n".join(f"  {line}" for line in problems)
                raise CommandError(
                    f"messages: {len(problems)} problems in the catalogues:\n{listing}\n"
                    "Run `python manage.py messages update`, then fill in the empty msgstr lines; "
                    "where catalogues translate a msgid differently, give each meaning its own "
                    "context (pgettext) or use one translation everywhere."
                )
            log(f"messages: {total} strings, catalogues up to date")
