"""The OpenAPI 3.0 document of /api/v1 (tests run schemathesis against it)."""

from __future__ import annotations

from webapp.backlog.models import BacklogStatus, Priority, SourceKind
from webapp.core.text import UNSTORABLE
from webapp.guide.models import Sector, ServiceAudience

_TEXTS = {"type": "object", "additionalProperties": {"type": "string"}}
#: Text the app can store: without the characters `webapp.core.text.UNSTORABLE` refuses (NUL and
#: the replacement character), as the document says so that a client need not learn it from a 422.
_STORABLE = "^[^" + "".join(f"\\u{ord(character):04x}" for character in UNSTORABLE) + "]*$"
_ERROR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

#: A required text: storable, and something besides spaces.
_REQUIRED_TEXT = "^[^\\u0000\\ufffd]*[^\\s\\u0000\\ufffd][^\\u0000\\ufffd]*$"


def document() -> dict:
    item = {
        "type": "object",
        "required": ["id", "title", "status", "priority", "is_public"],
        "properties": {
            "id": {"type": "integer"}, "title": {"type": "string"}, "description": {"type": "string"},
            "status": {"type": "string", "enum": [s.value for s in BacklogStatus]},
            "priority": {"type": "string", "enum": [p.value for p in Priority]},
            "responsible": {"type": "string"}, "target_quarter": {"type": "string"},
            "service_area_ids": {"type": "array", "items": {"type": "integer"}},
            "service_ids": {"type": "array", "items": {"type": "integer"}},
            "is_public": {"type": "boolean"}, "public_title": _TEXTS, "public_answer": _TEXTS,
            "sources": {"type": "object", "properties": {k.value: {"type": "integer"} for k in SourceKind},
                        "additionalProperties": False},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
    }
    strings = {"type": "array", "items": {"type": "string"}}
    service = {
        "type": "object",
        "required": ["id", "slug", "url", "name", "sector", "languages", "is_free", "checked_at"],
        "properties": {
            "id": {"type": "integer"}, "slug": {"type": "string"}, "url": {"type": "string"}, "name": _TEXTS,
            "description": _TEXTS, "provider": {"type": "string"},
            "sector": {"type": "string", "enum": [s.value for s in Sector]},
            "service_areas": {"type": "array", "items": {"type": "object", "required": ["key", "name"],
                                                         "properties": {"key": {"type": "string"}, "name": _TEXTS}}},
            "audiences": {"type": "array", "items": {"type": "string", "enum": [a.value for a in ServiceAudience]}},
            "phone": {"type": "string"}, "tel": {"type": "string"}, "email": {"type": "string"},
            "web_url": {"type": "string"}, "address": {"type": "string"}, "map_url": {"type": "string"},
            "opening_hours": _TEXTS, "access": strings, "languages": strings, "is_free": {"type": "boolean"},
            "checked_at": {"type": "string", "format": "date"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
    }
    item_id = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
    json_body = lambda schema: {"required": True, "content": {"application/json": {"schema": schema}}}  # noqa: E731
    item_ref = {"$ref": "#/components/schemas/Item"}
    one_item = {"description": "the item", "content": {"application/json": {"schema": item_ref}}}
    statuses = [s.value for s in BacklogStatus]
    common = {"401": _ERROR, "429": _ERROR}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Yhessä API", "version": "1.0",
                 "description": "Backlog items of one family centre, its services guide, and summaries of its "
                                "surveys and idea boards. "
                                "Authenticate with `Authorization: Bearer <token>` (tokens are issued by an "
                                "organisation's admin under /staff/<org>/api-tokens)."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error", "code"], "properties": {
                    "error": {"type": "string", "description": "what went wrong, in English"},
                    "code": {"type": "string", "description": "stable and machine-readable, such as "
                             "`not_found`, `unprocessable_entity` or `conflict`"}}},
                "Item": item,
                "Service": service,
                "NewItem": {"type": "object", "required": ["title"], "properties": {
                    "title": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": _REQUIRED_TEXT},
                    "description": {"type": "string", "maxLength": 5000, "pattern": _STORABLE},
                    "priority": {"type": "string", "enum": [p.value for p in Priority]},
                    "responsible": {"type": "string", "maxLength": 200, "pattern": _STORABLE},
                    "target_quarter": {"type": "string", "pattern": r"^\d{4}-Q[1-4]$"}}},
                "StatusChange": {"type": "object", "required": ["status"], "properties": {
                    "status": {"type": "string", "enum": [s.value for s in BacklogStatus]},
                    "note": {"type": "string", "maxLength": 2000, "pattern": _STORABLE}}},
            },
        },
        "paths": {
            "/backlog": {
                "get": {"operationId": "listItems", "parameters": [
                    {"name": "status", "in": "query", "schema": {"type": "string", "enum": statuses}}],
                    "responses": {"200": {"description": "items", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["items"],
                        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}}}},
                        "422": _ERROR, **common}},
                "post": {"operationId": "createItem",
                         "requestBody": json_body({"$ref": "#/components/schemas/NewItem"}),
                         "responses": {"201": one_item, "403": _ERROR, "422": _ERROR, **common}},
            },
            "/backlog/{item_id}": {"get": {"operationId": "getItem", "parameters": [item_id],
                                           "responses": {"200": one_item, "404": _ERROR, **common}}},
            "/backlog/{item_id}/status": {"post": {
                "operationId": "changeStatus", "parameters": [item_id],
                "requestBody": json_body({"$ref": "#/components/schemas/StatusChange"}),
                "responses": {"200": one_item, "403": _ERROR, "404": _ERROR, "409": _ERROR, "422": _ERROR, **common}}},
            "/surveys": {"get": {"operationId": "listSurveys", "responses": {"200": {
                "description": "survey summaries", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["surveys"], "properties": {"surveys": {"type": "array", "items": {
                        "type": "object", "required": ["id", "slug", "status", "responses"], "properties": {
                            "id": {"type": "integer"}, "slug": {"type": "string"}, "title": _TEXTS,
                            "status": {"type": "string"}, "locales": {"type": "array", "items": {"type": "string"}},
                            "responses": {"type": "integer"}}}}}}}}}, **common}}},
            "/services": {"get": {"operationId": "listServices", "responses": {"200": {
                "description": "the published entries of the services guide", "content": {"application/json": {
                    "schema": {"type": "object", "required": ["services"], "properties": {"services": {
                        "type": "array", "items": {"$ref": "#/components/schemas/Service"}}}}}}}, **common}}},
            "/services/{slug}": {"get": {"operationId": "getService", "parameters": [
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "one published entry", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Service"}}}}, "404": _ERROR, **common}}},
            "/boards": {"get": {"operationId": "listBoards", "responses": {"200": {
                "description": "idea board summaries", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["boards"], "properties": {"boards": {"type": "array", "items": {
                        "type": "object", "required": ["id", "slug", "is_open", "published_ideas"], "properties": {
                            "id": {"type": "integer"}, "slug": {"type": "string"}, "title": _TEXTS,
                            "is_open": {"type": "boolean"}, "published_ideas": {"type": "integer"}}}}}}}}}, **common}}},
        },
    }
