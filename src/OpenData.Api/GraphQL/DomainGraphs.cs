using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.Api.GraphQL.Nodes;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.GraphQL;

/// <summary>Every dataset's GraphQL types, created first so the entity folders can relate them to each other.</summary>
public sealed class DomainGraphs
{
    /// <summary>Datasets whose key field is <c>id</c> show it as <c>key</c>: <c>id</c> is the Node interface's global id.</summary>
    private static readonly Dictionary<string, string> KeyRename = new() { ["id"] = "key" };

    public DomainGraphs(SharedTypes shared, NodeTypes nodes)
    {
        Shared = shared;
        Nodes = nodes;
        Sources = new(SourceDto.Dataset, "Source", "A published document or dataset that rows come from, with its licence and the attribution to reproduce.", shared, nodes, KeyRename);
        Areas = new(AreaDto.Dataset, "Area", "A borough, force area, county, ward (of one boundary set) or other named place.", shared, nodes);
        OffenceCategories = new(OffenceCategoryDto.Dataset, "OffenceCategory", "An offence or antisocial-behaviour category in one labelling scheme: a document's own, one of the MPS schemes, or police.uk.", shared, nodes, KeyRename);
        CrimeFigures = new(CrimeFigureDto.Dataset, "CrimeFigure", "One published crime or ASB figure. MPS monthly counts keep every download that published them: the newest is current, older values are superseded revisions.", shared, nodes,
            new Dictionary<string, string> { ["id"] = "key", ["superseded_by"] = "supersededById" });
        Indicators = new(IndicatorDto.Dataset, "Indicator", "A national (NI) or national police (NPI) performance indicator named in the documents.", shared, nodes, KeyRename);
        Targets = new(TargetDto.Dataset, "Target", "A police or Local Area Agreement target with its published outcome and verdict, and the verdict computed by the stated rule next to it.", shared, nodes, KeyRename);
        Priorities = new(PriorityDto.Dataset, "Priority", "A priority, theme or cross-cutting theme of a plan.", shared, nodes, KeyRename);
        Actions = new(ActionDto.Dataset, "Action", "A partnership action, activity, achievement, issue or opportunity.", shared, nodes, KeyRename);
        AssessmentScores = new(AssessmentScoreDto.Dataset, "AssessmentScore", "One row of a strategic-assessment matrix; scores are text as published (\"?\" = unknown).", shared, nodes, KeyRename);
        Risks = new(RiskDto.Dataset, "Risk", "An entry of the high-level risk register.", shared, nodes, KeyRename);
        Releases = new(ReleaseDto.Dataset, "Release", "One import of the seed data: when it ran, a hash of its content, rows per dataset and what changed since the release before.", shared, nodes, KeyRename);
        ReleaseChanges = new(OpenData.Query.ReleaseChanges.Dataset, "ReleaseChange", "One row a release added, removed or changed since the release before it.", shared, nodes, KeyRename);
        foreach (var graph in All) nodes.Register(graph);
        // Not in All (the catalogue's datasets, as REST's /api/v1/datasets): a release's changes are part of the release.
        nodes.Register(ReleaseChanges);
    }

    public SharedTypes Shared { get; }
    public NodeTypes Nodes { get; }
    public DatasetGraph<Source, SourceDto> Sources { get; }
    public DatasetGraph<Area, AreaDto> Areas { get; }
    public DatasetGraph<OffenceCategory, OffenceCategoryDto> OffenceCategories { get; }
    public DatasetGraph<CrimeFigure, CrimeFigureDto> CrimeFigures { get; }
    public DatasetGraph<Indicator, IndicatorDto> Indicators { get; }
    public DatasetGraph<Target, TargetDto> Targets { get; }
    public DatasetGraph<Priority, PriorityDto> Priorities { get; }
    public DatasetGraph<PartnershipAction, ActionDto> Actions { get; }
    public DatasetGraph<AssessmentScore, AssessmentScoreDto> AssessmentScores { get; }
    public DatasetGraph<Risk, RiskDto> Risks { get; }
    public DatasetGraph<DataRelease, ReleaseDto> Releases { get; }
    public DatasetGraph<ReleaseChange, ReleaseChangeDto> ReleaseChanges { get; }

    /// <summary>The monthly series type (CrimeSeries), shared by the root crimeSeries and Area.crimeSeries.</summary>
    public OpenData.GraphQL.Types.ObjectType CrimeSeries { get; set; } = null!;

    public IEnumerable<IDatasetGraph> All =>
        [Sources, Areas, OffenceCategories, CrimeFigures, Indicators, Targets, Priorities, Actions, AssessmentScores, Risks, Releases];
}
