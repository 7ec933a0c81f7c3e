using OpenData.Query;

namespace OpenData.Api.Rest;

/// <summary><c>/api/v1/targets</c>: targets against outcomes, the published verdict next to the computed one.</summary>
public static class TargetsApi
{
    public static readonly DatasetResource<OpenData.Store.Target, TargetDto> Resource = new()
    {
        Dataset = TargetDto.Dataset,
        ListName = "ListTargets",
        ItemName = "GetTarget",
        Noun = "target",
        About = "Police and Local Area Agreement targets side by side with their published outcomes and verdicts. meets_target is computed by the stated rule (down: outcome_change_percent <= target_change_percent; up: >=; value/gap: outcome_value against target_value; when a percentage is missing, the values are compared); verdict_met reads the published verdict; verdict_agrees says whether the two agree. Filter by area (area_code), period (period_start/period_end), indicator (indicator_id), verdict, meets_target or verdict_agrees.",
        KeyExample = "rbkc-ccsp-2008-t001",
        FilterExample = ("area_code", "E09000020"),
        LinkFields = ["area_code", "indicator_id", "category_id", "source_id"],
        Links = (t, links) => new LinkList(links)
            .Item("self", "targets", t.Id)
            .Item("area", "areas", t.AreaCode)
            .Item("indicator", "indicators", t.IndicatorId)
            .Item("category", "offence-categories", t.CategoryId)
            .Item("source", "sources", t.SourceId),
    };

    public static RouteGroupBuilder MapTargets(this RouteGroupBuilder group) => group.MapDataset(Resource);
}
