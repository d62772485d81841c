"""The web application: ``create_app`` wires settings, store, routes and error handlers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

import liaison
from liaison.api.errors import error_body, install_error_handlers
from liaison.api.routes_directory import router as directory_router
from liaison.api.routes_legal import router as legal_router
from liaison.api.routes_matching import router as matching_router
from liaison.api.routes_records import PLURAL, record_router
from liaison.api.routes_sharing import router as sharing_router
from liaison.domain.records import RECORD_KINDS, RecordKindName
from liaison.settings import Settings, load_settings
from liaison.storage.database import Store

API_PREFIX = "/api/v1"
# Larger bodies are refused before they are read: no record needs more.
MAX_BODY_BYTES = 5 * 1024 * 1024


def _openapi_with_record_models(app: FastAPI) -> Callable[[], dict[str, Any]]:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for kind in RecordKindName:
            model = RECORD_KINDS[kind].model
            generated = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(generated.pop("$defs", {}))
            components[model.__name__] = generated
            # The service validates bodies (one place for API, CLI and imports); the
            # document still shows clients the model each body must follow.
            ref = {"$ref": f"#/components/schemas/{model.__name__}"}
            base = f"{API_PREFIX}/{PLURAL[kind]}"
            for path, method in ((base, "post"), (base + "/{record_id}", "put")):
                body = schema["paths"][path][method]["requestBody"]
                body["content"]["application/json"]["schema"] = ref
        app.openapi_schema = schema
        return schema

    return openapi


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """A Liaison web application on the given (or configured) store."""
    settings = settings or load_settings()
    store = store or Store(settings.effective_database_url)
    app = FastAPI(
        title="Liaison API",
        version=liaison.__version__,
        description="Cross-border case cooperation for police agencies. "
        "Authenticate with `Authorization: Bearer <token>`.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    install_error_handlers(app)

    @app.middleware("http")
    async def limit_body_size(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return JSONResponse(
                error_body("request_too_large", f"the request body is over {MAX_BODY_BYTES} bytes"),
                status_code=413,
            )
        return await call_next(request)

    @app.get(f"{API_PREFIX}/health", tags=["service"])
    def health() -> dict[str, str]:
        """Whether the service runs and which database it uses."""
        return {"status": "ok", "database": store.dialect, "version": liaison.__version__}

    app.include_router(directory_router, prefix=API_PREFIX)
    app.include_router(legal_router, prefix=API_PREFIX)
    app.include_router(matching_router, prefix=API_PREFIX)
    app.include_router(sharing_router, prefix=API_PREFIX)
    for kind in RecordKindName:
        app.include_router(record_router(kind), prefix=API_PREFIX)
    app.openapi = _openapi_with_record_models(app)  # type: ignore[method-assign]
    return app
