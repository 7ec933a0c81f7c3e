using OpenData.Api.GraphQL.DatasetTypes;
using OpenData.Api.GraphQL.Nodes;
using OpenData.Query;
using OpenData.Store;

namespace OpenData.Api.GraphQL;

/// <summary>
/// Every dataset's GraphQL types, built from the registry (<see cref="DatasetCatalog"/>) before any relation is
/// made: one object type per dataset, named after its rows (<c>offence_categories</c>: <c>OffenceCategory</c>),
/// described by datapackage.json. The typed accessors are for the datasets whose folders add fields of their own.
/// </summary>
public sealed class DomainGraphs
{
    private readonly Dictionary<IDataset, IDatasetGraph> _graphs = [];

    public DomainGraphs(SharedTypes shared, NodeTypes nodes)
    {
        Shared = shared;
        Nodes = nodes;
        var factory = new GraphFactory(shared, nodes);
        foreach (var dataset in DatasetCatalog.All)
        {
            var graph = dataset.Accept(factory);
            _graphs[dataset] = graph;
            nodes.Register(graph);
        }
        // Not a dataset of the catalogue (as REST's /api/v1/datasets): a release's changes are part of the release.
        ReleaseChanges = (DatasetGraph<ReleaseChange, ReleaseChangeDto>)OpenData.Query.ReleaseChanges.Dataset.Accept(factory);
        nodes.Register(ReleaseChanges);
    }

    public SharedTypes Shared { get; }
    public NodeTypes Nodes { get; }

    /// <summary>The graph of a dataset of the catalogue.</summary>
    public IDatasetGraph this[IDataset dataset] => _graphs[dataset];

    public DatasetGraph<Source, SourceDto> Sources => Typed(SourceDto.Dataset);
    public DatasetGraph<Area, AreaDto> Areas => Typed(AreaDto.Dataset);
    public DatasetGraph<CrimeFigure, CrimeFigureDto> CrimeFigures => Typed(CrimeFigureDto.Dataset);
    public DatasetGraph<DataRelease, ReleaseDto> Releases => Typed(ReleaseDto.Dataset);
    public DatasetGraph<ReleaseChange, ReleaseChangeDto> ReleaseChanges { get; }

    /// <summary>The monthly series type (CrimeSeries), shared by the root crimeSeries and Area.crimeSeries.</summary>
    public OpenData.GraphQL.Types.ObjectType CrimeSeries { get; set; } = null!;

    /// <summary>The graphs of the catalogue's datasets, in its order.</summary>
    public IEnumerable<IDatasetGraph> All => DatasetCatalog.All.Select(d => _graphs[d]);

    /// <summary>The object type's name: the dataset's noun in PascalCase.</summary>
    public static string TypeNameOf(IDataset dataset) =>
        string.Concat(dataset.Noun.Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private DatasetGraph<TEntity, TDto> Typed<TEntity, TDto>(Dataset<TEntity, TDto> dataset) where TEntity : class where TDto : class =>
        (DatasetGraph<TEntity, TDto>)_graphs[dataset];

    private sealed class GraphFactory(SharedTypes shared, NodeTypes nodes) : IDatasetVisitor<IDatasetGraph>
    {
        public IDatasetGraph Visit<TEntity, TDto>(Dataset<TEntity, TDto> dataset) where TEntity : class where TDto : class =>
            new DatasetGraph<TEntity, TDto>(dataset, TypeNameOf(dataset), dataset.Description, shared, nodes, RenamesOf(dataset));
    }

    /// <summary>
    /// GraphQL names for dataset fields whose camelCase name is taken: a dataset's <c>id</c> is <c>key</c> (<c>id</c>
    /// is the Node interface's global id); a crime figure's <c>superseded_by</c> is <c>supersededById</c>
    /// (<c>supersededBy</c> is the figure it names).
    /// </summary>
    private static Dictionary<string, string> RenamesOf(IDataset dataset) =>
        dataset == CrimeFigureDto.Dataset
            ? new() { ["id"] = "key", ["superseded_by"] = "supersededById" }
            : new() { ["id"] = "key" };
}
