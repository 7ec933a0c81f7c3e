using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/actions</c>: partnership actions, with free-text search.</summary>
public static class ActionsApi
{
    public static readonly DatasetResource<OpenData.Store.PartnershipAction, ActionDto> Resource = new()
    {
        Dataset = ActionDto.Dataset,
        Extras =
        [
            new ExtraParameter("q", "Free-text search: rows whose text, objective or theme contains this (case-insensitive).", "youth", "string",
                q => q.Length == 0 ? throw new FormatException("q is empty.") : ActionDto.TextSearch(q)),
        ],
    };
}
