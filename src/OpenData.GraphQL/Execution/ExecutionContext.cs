using System.Collections;
using System.Collections.Concurrent;
using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Execution;

/// <summary>
/// Executes one operation (spec section 6). Fields with resolvers are run level by level: all resolvers of a
/// level are started, then batch loaders with pending keys are dispatched, and results are completed as they
/// arrive (completion queues the next level). Fields without resolvers are completed immediately. This
/// breadth-first order is what lets N sibling resolvers share one batch fetch.
/// Only the executor's own loop touches the result tree, so no locking is needed there.
/// </summary>
internal sealed class ExecutionContext
{
    public required GraphQLSchema Schema { get; init; }
    public required OperationDefinitionNode Operation { get; init; }
    public required IReadOnlyDictionary<string, object?> Variables { get; init; }
    public required IDictionary<object, object?> Items { get; init; }
    public required IServiceProvider RequestServices { get; init; }
    public required IReadOnlyDictionary<string, FragmentDefinitionNode> Fragments { get; init; }
    public CancellationToken CancellationToken { get; init; }
    public object? UserContext { get; init; }
    public object? RootValue { get; init; }
    public Action<Exception, FieldContext?>? OnUnexpectedError { get; init; }
    public int? MaxResultNodes { get; init; }
    public long? MaxResponseBytes { get; init; }

    private readonly List<GraphQLError> _errors = [];
    private List<FieldWork> _next = [];
    private readonly Dictionary<PlanKey, FieldPlan> _plans = [];
    private readonly Dictionary<FieldNode, object> _arguments = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentQueue<FieldWork> _completed = new();
    private readonly SemaphoreSlim _signal = new(0);
    private bool _dataIsNull;
    private long _resultNodes;
    private long _resultBytes;

    private readonly record struct PlanKey(ObjectType Type, object Selection)
    {
        public bool Equals(PlanKey other) => ReferenceEquals(Type, other.Type) && ReferenceEquals(Selection, other.Selection);
        public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Type), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Selection));
    }

    /// <summary>The collected fields of a selection for one object type, with their definitions.</summary>
    internal sealed class FieldPlan
    {
        public required OrderedDictionary<string, IReadOnlyList<FieldNode>> Fields { get; init; }
        public required string[] Keys { get; init; }
        public required IReadOnlyList<FieldNode>[] Nodes { get; init; }
        public required FieldDefinition[] Definitions { get; init; }
    }

    private sealed class FieldWork
    {
        public required ResultMap Target;
        public required int Index;
        public required ObjectType ParentType;
        public required object? Source;
        public required IReadOnlyList<FieldNode> Nodes;
        public required FieldDefinition Definition;
        public required ResponsePath Path;
        public FieldContext? Context;
        public Task<object?>? Task;
    }

    /// <summary>Everything about the field whose value is being completed (for messages and abstract type resolution).</summary>
    private readonly struct FieldInfo(IReadOnlyList<FieldNode> nodes, FieldDefinition definition, ObjectType parentType, object? source, ResponsePath path, FieldContext? context)
    {
        public readonly IReadOnlyList<FieldNode> Nodes = nodes;
        public readonly FieldDefinition Definition = definition;
        public readonly ObjectType ParentType = parentType;
        public readonly object? Source = source;
        public readonly ResponsePath Path = path;
        public readonly FieldContext? Context = context;
    }

    public async Task<ExecutionResult> ExecuteAsync(ObjectType rootType)
    {
        var loaders = DataLoaderContext.From(Items);
        loaders.SetSignal(_signal);
        FieldPlan plan;
        try
        {
            plan = GetPlan(rootType, Operation.SelectionSet, null);
        }
        catch (GraphQLException ex)
        {
            return new ExecutionResult(null, true, [ex.Error], RequestErrorKind.None);
        }
        var root = new ResultMap(plan.Keys);
        CompleteFields(root, rootType, RootValue, plan, null);
        await RunLevelsAsync(loaders).ConfigureAwait(false);
        return new ExecutionResult(_dataIsNull ? null : root, true, _errors, RequestErrorKind.None);
    }

    // Resolver tasks of the level being run: awaited by DrainAsync when execution stops early.
    private readonly List<Task> _inFlight = [];

    /// <summary>
    /// After execution stopped early (timeout, client gone, result too large), waits for the resolvers still running,
    /// up to <paramref name="bound"/>, so that none outlives its request and the services it uses (a pooled DbContext
    /// that is returned to the pool and leased to the next request while a query still runs on it). Their results and
    /// errors are moot: the execution has stopped, and they have been cancelled.
    /// </summary>
    internal async Task DrainAsync(TimeSpan bound)
    {
        var running = _inFlight.Where(task => !task.IsCompleted).ToArray();
        if (running.Length == 0) return;
        try
        {
            await Task.WhenAll(running).WaitAsync(bound).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Cancelled, failed, or still running after the bound: nothing more to wait for.
        }
    }

    private async Task RunLevelsAsync(DataLoaderContext loaders)
    {
        while (_next.Count > 0)
        {
            CancellationToken.ThrowIfCancellationRequested();
            var level = _next;
            _next = new List<FieldWork>(level.Count);
            _inFlight.Clear(); // the previous level's tasks have all completed
            int pending = 0;
            foreach (var work in level)
            {
                CancellationToken.ThrowIfCancellationRequested();
                if (work.Target.IsDead) continue;
                ValueTask<object?> valueTask;
                try
                {
                    var context = work.Context = new FieldContext(this, work.Source, work.Definition, work.ParentType, work.Nodes,
                        GetArguments(work.Definition, work.Nodes[0]), work.Path);
                    valueTask = work.Definition.Resolve!(context);
                }
                catch (Exception ex)
                {
                    FieldError(ex, work.Nodes, work.Path, work.Context, work.Target, work.Index, work.Definition.Type is NonNullType);
                    continue;
                }
                if (valueTask.IsCompletedSuccessfully)
                {
                    CompleteValue(work.Definition.Type, Info(work), work.Path, valueTask.Result, work.Target, work.Index);
                    continue;
                }
                pending++;
                var task = work.Task = valueTask.AsTask();
                _inFlight.Add(task);
                _ = task.ContinueWith(static (_, state) =>
                {
                    var (self, w) = ((ExecutionContext, FieldWork))state!;
                    self._completed.Enqueue(w);
                    self._signal.Release();
                }, (this, work), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            while (pending > 0)
            {
                // Everything that could start has started: fetch what the resolvers asked the loaders for.
                if (loaders.HasPending) loaders.DispatchAll();
                while (_completed.TryDequeue(out var work))
                {
                    pending--;
                    var task = work.Task!;
                    if (task.IsCompletedSuccessfully)
                    {
                        if (!work.Target.IsDead) CompleteValue(work.Definition.Type, Info(work), work.Path, task.Result, work.Target, work.Index);
                    }
                    else
                    {
                        Exception ex = task.Exception?.InnerExceptions.Count == 1 ? task.Exception.InnerException! : (Exception?)task.Exception ?? new OperationCanceledException();
                        if (ex is OperationCanceledException && CancellationToken.IsCancellationRequested) throw ex;
                        FieldError(ex, work.Nodes, work.Path, work.Context, work.Target, work.Index, work.Definition.Type is NonNullType);
                    }
                }
                if (pending == 0) break;
                if (loaders.HasPending) continue;
                await _signal.WaitAsync(CancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Counts what the result will hold (values and estimated JSON bytes) as it is built, and stops the execution
    /// (<see cref="ResponseTooLargeException"/>) as soon as a limit is passed, before the rest is computed.
    /// </summary>
    private void CountResult(long nodes, long bytes)
    {
        _resultNodes += nodes;
        _resultBytes += bytes;
        if (MaxResultNodes is int maxNodes && _resultNodes > maxNodes)
        {
            throw new ResponseTooLargeException($"The result has more than {maxNodes} values, the maximum allowed; ask for fewer fields or smaller pages.");
        }
        if (MaxResponseBytes is long maxBytes && _resultBytes > maxBytes)
        {
            throw new ResponseTooLargeException($"The result is larger than {maxBytes} bytes, the maximum allowed; ask for fewer fields or smaller pages.");
        }
    }

    /// <summary>Estimated JSON size of a serialized leaf: strings and JSON scalars by their length, other values by a constant.</summary>
    private static long LeafBytes(object value) => value switch
    {
        string s => s.Length + 2,
        System.Text.Json.JsonElement e => e.ValueKind is System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array or System.Text.Json.JsonValueKind.String
            ? System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(e).Length
            : 24,
        _ => 24,
    };

    private static FieldInfo Info(FieldWork w) => new(w.Nodes, w.Definition, w.ParentType, w.Source, w.Path, w.Context);

    private void CompleteFields(ResultMap map, ObjectType type, object? source, FieldPlan plan, ResponsePath? parentPath)
    {
        var keys = plan.Keys;
        for (int i = 0; i < keys.Length; i++)
        {
            // Per field, not per level: one level can be a whole page of rows with all their fields.
            CancellationToken.ThrowIfCancellationRequested();
            CountResult(1, keys[i].Length + 4);
            var definition = plan.Definitions[i];
            if (ReferenceEquals(definition, Introspection.TypeNameMetaField))
            {
                map.SetSlot(i, type.Name);
                continue;
            }
            var path = parentPath is null ? ResponsePath.Root(keys[i]) : parentPath.Field(keys[i]);
            var nodes = plan.Nodes[i];
            if (definition.Resolve is null)
            {
                object? value;
                try
                {
                    // Arguments are coerced even without a resolver so that invalid ones are reported.
                    if (definition.Arguments.Count > 0) GetArguments(definition, nodes[0]);
                    value = DefaultResolver.Resolve(source, definition.Name);
                }
                catch (Exception ex)
                {
                    FieldError(ex, nodes, path, null, map, i, definition.Type is NonNullType);
                    continue;
                }
                CompleteValue(definition.Type, new FieldInfo(nodes, definition, type, source, path, null), path, value, map, i);
            }
            else
            {
                _next.Add(new FieldWork
                {
                    Target = map, Index = i, ParentType = type, Source = source, Nodes = nodes, Definition = definition, Path = path,
                });
            }
        }
    }

    private void CompleteValue(GraphQLType type, in FieldInfo info, ResponsePath path, object? result, ResultContainer container, int index)
    {
        bool nonNull = false;
        if (type is NonNullType nn)
        {
            nonNull = true;
            type = nn.OfType;
        }
        if (result is null || result is DBNull)
        {
            if (nonNull)
            {
                FieldError(new GraphQLException($"Cannot return null for non-nullable field {info.ParentType.Name}.{info.Definition.Name}."),
                    info.Nodes, path, info.Context, container, index, true);
            }
            else
            {
                container.SetSlot(index, null);
            }
            return;
        }
        if (result is Exception resultError)
        {
            FieldError(resultError, info.Nodes, path, info.Context, container, index, nonNull);
            return;
        }
        switch (type)
        {
            case ScalarType or EnumType:
            {
                object? serialized;
                try
                {
                    serialized = ((ILeafType)type).Serialize(result);
                    if (serialized is null)
                        throw new GraphQLException($"Expected `{type}.serialize({ValueInspector.Inspect(result)})` to return non-nullable value, returned: null");
                }
                catch (Exception ex)
                {
                    FieldError(ex, info.Nodes, path, info.Context, container, index, nonNull);
                    return;
                }
                CountResult(0, LeafBytes(serialized));
                container.SetSlot(index, serialized);
                return;
            }
            case ListType listType:
            {
                if (result is string || result is not IEnumerable enumerable || result is IDictionary || result is IReadOnlyDictionary<string, object?>)
                {
                    FieldError(new GraphQLException($"Expected Iterable, but did not find one for field \"{info.ParentType.Name}.{info.Definition.Name}\"."),
                        info.Nodes, path, info.Context, container, index, nonNull);
                    return;
                }
                IList items;
                if (enumerable is IList known)
                {
                    items = known;
                    CountResult(items.Count, items.Count + 2);
                }
                else
                {
                    // A lazy sequence may be long or slow to produce: count and check cancellation as it is read.
                    var read = new List<object?>();
                    foreach (var item in enumerable)
                    {
                        CancellationToken.ThrowIfCancellationRequested();
                        CountResult(1, 1);
                        read.Add(item);
                    }
                    CountResult(0, 2);
                    items = read;
                }
                var list = new ResultList(items.Count) { Parent = container, ParentIndex = index, NonNullInParent = nonNull };
                container.SetSlot(index, list);
                var itemType = listType.OfType;
                for (int i = 0; i < items.Count; i++)
                {
                    CancellationToken.ThrowIfCancellationRequested();
                    CompleteValue(itemType, info, path.Index(i), items[i], list, i);
                    if (list.Invalidated) return;
                }
                return;
            }
            case ObjectType objectType:
                CompleteObject(objectType, info, path, result, container, index, nonNull);
                return;
            case IAbstractType abstractType:
            {
                ObjectType runtimeType;
                try
                {
                    runtimeType = ResolveRuntimeType(abstractType, result, info);
                }
                catch (Exception ex)
                {
                    FieldError(ex, info.Nodes, path, info.Context, container, index, nonNull);
                    return;
                }
                CompleteObject(runtimeType, info, path, result, container, index, nonNull);
                return;
            }
        }
    }

    private void CompleteObject(ObjectType type, in FieldInfo info, ResponsePath path, object result, ResultContainer container, int index, bool nonNull)
    {
        FieldPlan plan;
        try
        {
            if (type.IsTypeOf is not null && !type.IsTypeOf(result))
                throw new GraphQLException($"Expected value of type \"{type.Name}\" but got: {ValueInspector.Inspect(result)}.");
            var nodes = info.Nodes;
            plan = GetPlan(type, nodes, nodes);
        }
        catch (Exception ex)
        {
            FieldError(ex, info.Nodes, path, info.Context, container, index, nonNull);
            return;
        }
        var map = new ResultMap(plan.Keys) { Parent = container, ParentIndex = index, NonNullInParent = nonNull };
        container.SetSlot(index, map);
        CompleteFields(map, type, result, plan, path);
    }

    private static List<SelectionSetNode> SelectionSets(IReadOnlyList<FieldNode> nodes)
    {
        var sets = new List<SelectionSetNode>(nodes.Count);
        foreach (var n in nodes) if (n.SelectionSet is not null) sets.Add(n.SelectionSet);
        return sets;
    }

    private ObjectType ResolveRuntimeType(IAbstractType abstractType, object value, in FieldInfo info)
    {
        ObjectType? runtimeType = null;
        if (abstractType.ResolveType is not null)
        {
            var context = info.Context ?? new FieldContext(this, info.Source, info.Definition, info.ParentType, info.Nodes,
                GetArguments(info.Definition, info.Nodes[0]), info.Path);
            runtimeType = abstractType.ResolveType(value, context);
        }
        if (runtimeType is null)
        {
            // Like graphql-js's default type resolver: a "__typename" entry, then isTypeOf of each possible type.
            string? typeName = value switch
            {
                IReadOnlyDictionary<string, object?> d when d.TryGetValue("__typename", out var n) => n as string,
                IDictionary<string, object?> d when d.TryGetValue("__typename", out var n) => n as string,
                _ => null,
            };
            var possibleTypes = Schema.GetPossibleTypes(abstractType);
            if (typeName is not null)
            {
                runtimeType = Schema.GetType(typeName) as ObjectType
                    ?? throw new GraphQLException($"Abstract type \"{abstractType.Name}\" was resolved to a type \"{typeName}\" that does not exist inside the schema.");
            }
            else
            {
                foreach (var possible in possibleTypes)
                {
                    if (possible.IsTypeOf is not null && possible.IsTypeOf(value))
                    {
                        runtimeType = possible;
                        break;
                    }
                }
                if (runtimeType is null)
                {
                    // Convenience for CLR objects: a possible type named like the object's class.
                    var clrName = value.GetType().Name;
                    foreach (var possible in possibleTypes)
                    {
                        if (possible.IsTypeOf is null && possible.Name == clrName)
                        {
                            runtimeType = possible;
                            break;
                        }
                    }
                }
            }
        }
        if (runtimeType is null)
        {
            throw new GraphQLException(
                $"Abstract type \"{abstractType.Name}\" must resolve to an Object type at runtime for field \"{info.ParentType.Name}.{info.Definition.Name}\". " +
                $"Either the \"{abstractType.Name}\" type should provide a \"resolveType\" function or each possible type should provide an \"isTypeOf\" function.");
        }
        if (!Schema.IsSubType(abstractType, runtimeType))
        {
            throw new GraphQLException($"Runtime Object type \"{runtimeType.Name}\" is not a possible type for \"{abstractType.Name}\".");
        }
        return runtimeType;
    }

    private void FieldError(Exception exception, IReadOnlyList<FieldNode> nodes, ResponsePath path, FieldContext? context,
        ResultContainer container, int index, bool slotNonNull)
    {
        if (container.IsDead) return;
        _errors.Add(ToError(exception, nodes, path, context));
        SetNull(container, index, slotNonNull);
    }

    private GraphQLError ToError(Exception exception, IReadOnlyList<FieldNode> nodes, ResponsePath path, FieldContext? context)
    {
        var pathList = path.ToList();
        if (exception is GraphQLException gql)
        {
            var e = gql.Error;
            return new GraphQLError(e.Message, e.Locations ?? LocationsOf(nodes), pathList, null, e.Extensions);
        }
        if (exception is OperationCanceledException && CancellationToken.IsCancellationRequested)
        {
            return new GraphQLError("Execution was cancelled.", LocationsOf(nodes), pathList, ErrorCodes.Timeout);
        }
        // Unexpected exceptions may contain internal details: report them to the application, not to the client.
        OnUnexpectedError?.Invoke(exception, context);
        return new GraphQLError("Unexpected error.", LocationsOf(nodes), pathList, ErrorCodes.InternalServerError);
    }

    private static IReadOnlyList<SourceLocation> LocationsOf(IReadOnlyList<FieldNode> nodes)
    {
        var list = new SourceLocation[nodes.Count];
        for (int i = 0; i < nodes.Count; i++) list[i] = new SourceLocation(nodes[i].Location.Line, nodes[i].Location.Column);
        return list;
    }

    /// <summary>Sets a slot to null; if the slot is non-null, the null replaces the enclosing object/list instead, recursively.</summary>
    private void SetNull(ResultContainer container, int index, bool slotNonNull)
    {
        while (true)
        {
            if (!slotNonNull)
            {
                container.SetSlot(index, null);
                return;
            }
            container.Invalidated = true;
            if (container.Parent is null)
            {
                _dataIsNull = true;
                return;
            }
            index = container.ParentIndex;
            slotNonNull = container.NonNullInParent;
            container = container.Parent;
        }
    }

    private IReadOnlyDictionary<string, object?> GetArguments(FieldDefinition definition, FieldNode node)
    {
        if (definition.Arguments.Count == 0) return EmptyArguments;
        // Argument values depend only on the document and the variables, so they are coerced once per node.
        if (!_arguments.TryGetValue(node, out var cached))
        {
            try
            {
                cached = ValueCoercion.CoerceArgumentValues(definition.Arguments, node.Arguments, node, Variables);
            }
            catch (GraphQLException ex)
            {
                cached = ex;
            }
            _arguments[node] = cached;
        }
        if (cached is GraphQLException error) throw error;
        return (IReadOnlyDictionary<string, object?>)cached;
    }

    private static readonly IReadOnlyDictionary<string, object?> EmptyArguments = new Dictionary<string, object?>();

    /// <summary>The plan of the fields of <paramref name="fieldNodes"/> (the operation's selection set when null) for a type.</summary>
    // No collect delegate: this runs for every object completed, and a closure per call was a noticeable share of a
    // request's allocations.
    private FieldPlan GetPlan(ObjectType type, object selectionKey, IReadOnlyList<FieldNode>? fieldNodes)
    {
        var key = new PlanKey(type, selectionKey);
        if (_plans.TryGetValue(key, out var plan)) return plan;
        var fields = fieldNodes is null ? CollectFields(type, [Operation.SelectionSet]) : CollectFields(type, SelectionSets(fieldNodes));
        var keys = new List<string>(fields.Count);
        var nodes = new List<IReadOnlyList<FieldNode>>(fields.Count);
        var definitions = new List<FieldDefinition>(fields.Count);
        foreach (var (responseKey, responseNodes) in fields)
        {
            var definition = Schema.GetFieldDefinition(type, responseNodes[0].Name.Value);
            if (definition is null) continue; // unknown fields are skipped, as in graphql-js
            keys.Add(responseKey);
            nodes.Add(responseNodes);
            definitions.Add(definition);
        }
        plan = new FieldPlan { Fields = fields, Keys = keys.ToArray(), Nodes = nodes.ToArray(), Definitions = definitions.ToArray() };
        _plans[key] = plan;
        return plan;
    }

    /// <summary>Sub-fields of a field for a concrete type (used by <see cref="FieldContext.GetSubFields"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FieldNode>> CollectSubfields(ObjectType objectType, IReadOnlyList<FieldNode> fieldNodes)
        => GetPlan(objectType, fieldNodes, fieldNodes).Fields;

    /// <summary>CollectFields (spec 6.3.2): fields by response key, fragments applied, @skip/@include evaluated.</summary>
    private OrderedDictionary<string, IReadOnlyList<FieldNode>> CollectFields(ObjectType objectType, List<SelectionSetNode> selectionSets)
    {
        var fields = new OrderedDictionary<string, IReadOnlyList<FieldNode>>(StringComparer.Ordinal);
        var visitedFragments = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in selectionSets) CollectFieldsImpl(objectType, set, fields, visitedFragments);
        return fields;
    }

    private void CollectFieldsImpl(ObjectType objectType, SelectionSetNode selectionSet,
        OrderedDictionary<string, IReadOnlyList<FieldNode>> fields, HashSet<string> visitedFragments)
    {
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case FieldNode field:
                    if (!ShouldInclude(field)) continue;
                    var name = field.ResponseName;
                    if (fields.TryGetValue(name, out var list)) ((List<FieldNode>)list).Add(field);
                    else fields.Add(name, new List<FieldNode>(1) { field });
                    break;
                case InlineFragmentNode inline:
                    if (!ShouldInclude(inline) || !DoesFragmentConditionMatch(inline.TypeCondition, objectType)) continue;
                    CollectFieldsImpl(objectType, inline.SelectionSet, fields, visitedFragments);
                    break;
                case FragmentSpreadNode spread:
                    var fragmentName = spread.Name.Value;
                    if (visitedFragments.Contains(fragmentName) || !ShouldInclude(spread)) continue;
                    visitedFragments.Add(fragmentName);
                    if (!Fragments.TryGetValue(fragmentName, out var fragment) || !DoesFragmentConditionMatch(fragment.TypeCondition, objectType)) continue;
                    CollectFieldsImpl(objectType, fragment.SelectionSet, fields, visitedFragments);
                    break;
            }
        }
    }

    private bool DoesFragmentConditionMatch(NamedTypeNode? typeCondition, ObjectType type)
    {
        if (typeCondition is null) return true;
        var conditionalType = Schema.GetType(typeCondition.Name.Value);
        if (ReferenceEquals(conditionalType, type)) return true;
        return conditionalType is IAbstractType abstractType && Schema.IsSubType(abstractType, type);
    }

    private bool ShouldInclude(SelectionNode node)
    {
        var directives = node.Directives;
        if (directives.Count == 0) return true;
        foreach (var directive in directives)
        {
            var name = directive.Name.Value;
            if (name == "skip" && GetIf(DirectiveDefinition.Skip, directive, node)) return false;
            if (name == "include" && !GetIf(DirectiveDefinition.Include, directive, node)) return false;
        }
        return true;
    }

    private bool GetIf(DirectiveDefinition definition, DirectiveNode directive, Node node)
    {
        var args = ValueCoercion.CoerceArgumentValues(definition.Arguments, directive.Arguments, directive, Variables);
        return args.TryGetValue("if", out var value) && value is true;
    }
}

/// <summary>The result passed <see cref="GraphQLLimits.MaxResultNodes"/> or <see cref="GraphQLLimits.MaxResponseBytes"/>; ends the execution.</summary>
internal sealed class ResponseTooLargeException(string message) : Exception(message);
