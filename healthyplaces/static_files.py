"""Static files stored under content-hashed names in production, so a browser never runs a stale script."""
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Relative imports and exports between ES modules, with or without the closing semicolon (the project's
# scripts have none; Django's own `support_js_module_import_aggregation` patterns need one).
MODULE_IMPORTS = (
    (r"""(?P<matched>import(?s:(?P<import>[\s\{].*?|\*\s*as\s*\w+))\s*from\s*['"](?P<url>\.{1,2}/[^'"]*)['"])""",
     'import%(import)s from "%(url)s"'),
    (r"""(?P<matched>export(?s:(?P<exports>[\s\{].*?))\s*from\s*['"](?P<url>\.{1,2}/[^'"]*)['"])""",
     'export%(exports)s from "%(url)s"'),
    (r"""(?P<matched>import\s*['"](?P<url>\.{1,2}/[^'"]*)['"])""", 'import "%(url)s"'),
    (r"""(?P<matched>import\(\s*['"](?P<url>\.{1,2}/[^'"]*)['"]\s*\))""", 'import("%(url)s")'),
)
# Front-end libraries are copied whole from node_modules; some of their scripts we never serve import
# files a bundler would supply (htmx's extensions import "../htmx"), so their scripts are stored as they are.
LIBRARIES = ("govuk/", "leaflet/", "htmx/", "axe-core/")


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed manifest storage, with the site's ES modules (`.js` and `.mjs`) importing
    each other by their hashed names."""

    patterns = CompressedManifestStaticFilesStorage.patterns + (("*.js", MODULE_IMPORTS), ("*.mjs", MODULE_IMPORTS))

    def url_converter(self, name, hashed_files, template=None):
        if name.startswith(LIBRARIES) and name.endswith((".js", ".mjs")):
            return lambda match: match["matched"]
        return super().url_converter(name, hashed_files, template)
