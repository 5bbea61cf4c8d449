//! The OpenAPI 3.1 document's frame: its description, security scheme, shared schemas and the
//! error responses every operation lists. The paths come from the handlers themselves (see
//! [`super::routes`]).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as Document;
use utoipa::{Modify, OpenApi};

use super::command::Receipt;
use super::problem::{
    BadRequest, Conflict, FieldError, Forbidden, InternalError, NotCaughtUp, NotFound,
    PayloadTooLarge, Problem, Unauthorized, Unavailable, Unprocessable, UnsupportedMediaType,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Samverkan",
        description = "The governance record of public-sector cooperation: joint committees \
(gemensam nämnd), cooperation agreements, their members, mandates, decisions and obligations, \
kept as an append-only event log.\n\n\
Every command answers with a receipt: the id it wrote, the log `position` and the stream \
`version`, and the resource's address in `Location`. Every read takes `as_of` (the day the \
answer is about) and `known_at` (what the register knew: a position or a moment), and \
`min_position` to read your own write. Errors are RFC 9457 problem details.",
        license(name = "EUPL-1.2")
    ),
    components(
        schemas(Problem, FieldError, Receipt),
        responses(
            BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge,
            UnsupportedMediaType, Unprocessable, NotCaughtUp, Unavailable, InternalError
        )
    ),
    modifiers(&BearerTokens),
    security(("bearer" = [])),
    tags(
        (name = "parties", description = "Municipalities and regions, and their population figures."),
        (name = "cooperations", description = "Cooperations, their parties, dissolution and successors."),
        (name = "bodies", description = "Joint committees and other bodies, their seat plans and members."),
        (name = "documents", description = "Governing documents: agreements, rules of procedure, plans."),
        (name = "mandates", description = "What a body may decide, and what it delegates."),
        (name = "obligations", description = "What each party owes under a cooperation."),
        (name = "contracts", description = "Procurement contracts and framework agreements, their expiries and who may call off."),
        (name = "goals", description = "Goals of a body's plans and their follow-up."),
        (name = "decisions", description = "Outside decisions the register cites, and the decision register of each body."),
        (name = "meetings", description = "Meetings: agenda, roll call, decisions under §, minutes."),
        (name = "timeline", description = "Everything that happened to a cooperation, in order."),
        (name = "allocation", description = "Allocation keys of agreement versions, budgets, and each party's share."),
        (name = "transitions", description = "Plans to replace a cooperation from a date: steps, mappings, party decisions, readiness, preview and carrying out."),
        (name = "audit", description = "For auditors only: verification of the hash chain and its checkpoints, the raw events, every event that shaped an entity, read models compared between two moments, and the compliance report of a body's decisions.")
    )
)]
struct ApiDoc;

/// Bearer tokens made with `samverkan token create`.
struct BearerTokens;

impl Modify for BearerTokens {
    fn modify(&self, document: &mut Document) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A token secret made with `samverkan token create --role …`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document's frame, before the paths are merged in.
pub fn document() -> Document {
    ApiDoc::openapi()
}

/// Adds to every operation the error responses and headers it shares with the others, so that
/// no handler can forget one: every operation may be malformed, unauthenticated, forbidden or
/// fail inside; an operation with an id in its path may name none; a command may conflict, be
/// too large, not be JSON or break a rule, and takes `Idempotency-Key` and `If-Match`; a read
/// may wait in vain for `min_position`, or ask for a position not yet recorded.
pub fn add_shared_responses(document: &mut Document) {
    use utoipa::openapi::path::{HttpMethod, ParameterBuilder, ParameterIn};
    use utoipa::openapi::{Ref, RefOr, Required};

    let respond = |operation: &mut utoipa::openapi::path::Operation, status: &str, name: &str| {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
    };
    for (path, item) in document.paths.paths.iter_mut() {
        let has_id = path.contains('{');
        let operations = [
            (HttpMethod::Get, item.get.as_mut()),
            (HttpMethod::Post, item.post.as_mut()),
        ];
        for (method, operation) in operations {
            let Some(operation) = operation else { continue };
            respond(operation, "400", "BadRequest");
            respond(operation, "401", "Unauthorized");
            respond(operation, "403", "Forbidden");
            if has_id {
                respond(operation, "404", "NotFound");
            }
            if method == HttpMethod::Post {
                respond(operation, "409", "Conflict");
                respond(operation, "413", "PayloadTooLarge");
                respond(operation, "415", "UnsupportedMediaType");
                respond(operation, "422", "Unprocessable");
                let parameters = operation.parameters.get_or_insert_with(Vec::new);
                parameters.push(
                    ParameterBuilder::new()
                        .name("Idempotency-Key")
                        .parameter_in(ParameterIn::Header)
                        .required(Required::False)
                        .description(Some(
                            "Any string up to 255 characters, new for each request. A retry \
                             with the same key and body returns the first answer and writes \
                             nothing; the same key with another body is refused with 422. \
                             While the first attempt is still being served, a retry is answered \
                             409 with `Retry-After`; if that attempt never answered (its server \
                             stopped), the retry after it answers with what the log holds of \
                             it, or runs the request afresh if it wrote nothing.",
                        ))
                        .schema(Some(<String as utoipa::PartialSchema>::schema()))
                        .build(),
                );
                parameters.push(
                    ParameterBuilder::new()
                        .name("If-Match")
                        .parameter_in(ParameterIn::Header)
                        .required(Required::False)
                        .description(Some(
                            "The `version` of the resource the command was decided from; the \
                             command is refused with 409 if the resource has moved on.",
                        ))
                        .schema(Some(
                            utoipa::openapi::ObjectBuilder::new()
                                .schema_type(utoipa::openapi::schema::Type::String)
                                .min_length(Some(1)),
                        ))
                        .build(),
                );
                respond(operation, "503", "Unavailable");
            } else {
                respond(operation, "422", "Unprocessable");
                respond(operation, "503", "NotCaughtUp");
            }
            respond(operation, "500", "InternalError");
        }
    }
}

/// Describes the `citation` every read adds beside a legal basis (see [`crate::citing`]): the
/// schema of `LegalBasis` comes from the domain, which knows nothing of how a basis is cited, so
/// the property is added here, read-only, to each of its three shapes.
pub fn add_citations(document: &mut Document) {
    use utoipa::openapi::schema::{Object, Schema, Type};
    use utoipa::openapi::RefOr;

    let Some(components) = document.components.as_mut() else {
        return;
    };
    let Some(RefOr::T(Schema::OneOf(shapes))) = components.schemas.get_mut("LegalBasis") else {
        return;
    };
    for shape in &mut shapes.items {
        if let RefOr::T(Schema::Object(object)) = shape {
            let mut citation = Object::with_type(Type::String);
            citation.read_only = Some(true);
            citation.description = Some(
                "How the register cites the basis, as known at the answer's `known_at`, for \
                 example \"KF Haninge 2024-02-12 § 14\" or \"Inköpsnämnden 2025-05-06 § 1\"; \
                 \"okänt beslut (id)\" when it cannot be resolved. Only in answers."
                    .to_owned(),
            );
            object
                .properties
                .insert("citation".to_owned(), RefOr::T(Schema::Object(citation)));
        }
    }
}

/// Documents the `party_names` map that every answer stating its `known_at` carries when it
/// mentions a registered party (see [`crate::party_names`]).
pub fn add_party_names(document: &mut Document) {
    use utoipa::openapi::schema::{AdditionalProperties, Object, Schema, Type};
    use utoipa::openapi::RefOr;

    let Some(components) = document.components.as_mut() else {
        return;
    };
    for schema in components.schemas.values_mut() {
        let RefOr::T(Schema::Object(object)) = schema else {
            continue;
        };
        if !object.properties.contains_key("known_at") {
            continue;
        }
        let mut names = Object::with_type(Type::Object);
        names.read_only = Some(true);
        names.additional_properties = Some(Box::new(AdditionalProperties::RefOr(RefOr::T(
            Schema::Object(Object::with_type(Type::String)),
        ))));
        names.description = Some(
            "The registered name of each party the answer mentions by code, as known at the \
             answer's `known_at`, for example {\"04\": \"Region Sörmland\"}. Left out when \
             the answer mentions no registered party. Only in answers."
                .to_owned(),
        );
        object
            .properties
            .insert("party_names".to_owned(), RefOr::T(Schema::Object(names)));
    }
}
