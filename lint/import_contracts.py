"""An import-linter contract: apps use each other only through their public modules.

Every app under ``apps/`` may import anything of its own and anything of the shared kernel
(``apps.core``). From another app it may import only that app's public surface: the module
names listed in ``public_modules`` (``services``, ``selectors``, ``events``, ``permissions``,
``errors``, ``models``) and the few kernel modules named in ``public_kernel``
(``apps.tenants.context``…). Views, URLconfs, SQL templates, demo data and helpers stay
private to their app. Run by ``make lint`` (``lint-imports``), configured in pyproject.toml.
"""

from __future__ import annotations

from typing import Any

from importlinter import Contract, ContractCheck, fields, output


class PublicModulesContract(Contract):
    type_name = "public_modules"

    apps_package = fields.StringField()
    kernel = fields.StringField()
    public_modules = fields.ListField(subfield=fields.StringField())
    public_kernel = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        root = str(self.apps_package)
        kernel = str(self.kernel)
        # import-linter fills the declared fields with plain lists at run time.
        options: dict[str, Any] = vars(self)
        public = {str(name) for name in options["public_modules"]}
        extra = {str(name) for name in options.get("public_kernel") or []}
        violations = []
        for importer in sorted(graph.modules):
            importer_app = _app_of(importer, root)
            if importer_app is None:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                imported_app = _app_of(imported, root)
                if imported_app in (None, importer_app) or imported_app == kernel:
                    continue
                if _is_public(imported, imported_app, public, extra):
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = sorted({d["line_number"] for d in details})
                violations.append({"importer": importer, "imported": imported, "lines": lines})
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for v in check.metadata["violations"]:
            where = ", ".join(f"l.{n}" for n in v["lines"])
            output.print_error(f"{v['importer']} -> {v['imported']} ({where})", bold=False)
        output.new_line()
        output.print(
            "Import another app only through its services, selectors, events, permissions, "
            "errors or models (see docs/architecture.md)."
        )


def _app_of(module: str, root: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != root:
        return None
    return f"{root}.{parts[1]}"


def _is_public(module: str, app: str, public: set[str], extra: set[str]) -> bool:
    if module == app:
        return False  # the package itself re-exports nothing on purpose
    rest = module[len(app) + 1 :].split(".")
    if rest[0] in public:
        return True
    return any(module == name or module.startswith(name + ".") for name in extra)
