using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/actions</c>: partnership actions, with free-text search.</summary>
public static class ActionsApi
{
    public static readonly DatasetResource<OpenData.Store.PartnershipAction, ActionDto> Resource = new()
    {
        Dataset = ActionDto.Dataset,
        ListName = "ListActions",
        ItemName = "GetAction",
        Noun = "action",
        About = "Partnership actions, activities, achievements, issues and opportunities as published. Filter by theme, lead, status, approach, kind, or due date (due_date__lt, due_date__gte); q= searches text, objective and theme (case-insensitive).",
        KeyExample = "rbkc-bsc-2019-a001",
        FilterExample = ("kind", "action"),
        LinkFields = ["area_code", "priority_id", "source_id"],
        Extras =
        [
            new ExtraParameter("q", "Free-text search: rows whose text, objective or theme contains this (case-insensitive).", "youth", "string",
                q => q.Length == 0 ? throw new FormatException("q is empty.") : ActionDto.TextSearch(q)),
        ],
        Links = (a, links) => new LinkList(links)
            .Item("self", "actions", a.Id)
            .Item("area", "areas", a.AreaCode)
            .Item("priority", "priorities", a.PriorityId)
            .Item("source", "sources", a.SourceId),
    };

    public static RouteGroupBuilder MapActions(this RouteGroupBuilder group) => group.MapDataset(Resource);
}
