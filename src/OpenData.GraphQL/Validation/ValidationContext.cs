using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// A validation rule (one per spec rule, e.g. FieldsOnCorrectTypeRule). For each document the validator asks
/// every rule for a fresh visitor, then walks the document once with all visitors in parallel while the
/// context's <see cref="ValidationContext.TypeInfo"/> tracks types. Rules report problems with
/// <see cref="ValidationContext.ReportError"/>.
/// </summary>
public interface IValidationRule
{
    /// <summary>Creates the visitor that checks one document (keep per-document state in the visitor).</summary>
    NodeVisitor CreateVisitor(ValidationContext context);
}

/// <summary>A variable used somewhere, with the input type expected at that place (graphql-js VariableUsage).</summary>
/// <param name="Node">The variable reference.</param>
/// <param name="Type">The input type expected where the variable is used, or null if unknown.</param>
/// <param name="HasDefaultValue">Whether the argument / input field at that place has a default value.</param>
/// <param name="DefaultValue">That default value.</param>
/// <param name="ParentType">The parent input type (e.g. the input object whose field the variable fills), or null.</param>
public sealed record VariableUsage(VariableNode Node, GraphQLType? Type, bool HasDefaultValue, object? DefaultValue, GraphQLType? ParentType);

/// <summary>Everything a validation rule needs: schema, document, type information, fragment helpers and error reporting.</summary>
public sealed class ValidationContext
{
    private readonly List<GraphQLError> _errors = [];
    private readonly Action<GraphQLError>? _onError;
    private Dictionary<string, FragmentDefinitionNode>? _fragments;
    private readonly Dictionary<SelectionSetNode, IReadOnlyList<FragmentSpreadNode>> _fragmentSpreads = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<OperationDefinitionNode, IReadOnlyList<FragmentDefinitionNode>> _recursivelyReferencedFragments = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, IReadOnlyList<VariableUsage>> _variableUsages = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<OperationDefinitionNode, IReadOnlyList<VariableUsage>> _recursiveVariableUsages = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, IReadOnlyList<FragmentDefinitionNode>> _fragmentsByNameSet = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nameIds = new(StringComparer.Ordinal);
    private readonly Dictionary<IReadOnlyList<FragmentDefinitionNode>, IReadOnlyList<VariableUsage>> _fragmentVariableUsages = new(ReferenceEqualityComparer.Instance);
    private int _remainingFragmentWork = MaxFragmentWork;

    /// <summary>Budget of <see cref="SpendFragmentWork"/> per document.</summary>
    public const int MaxFragmentWork = 50_000;

    /// <summary>Creates a context; <paramref name="onError"/> is called for each reported error (used to stop at a maximum).</summary>
    public ValidationContext(GraphQLSchema schema, DocumentNode document, TypeInfo typeInfo, Action<GraphQLError>? onError = null)
    {
        Schema = schema;
        Document = document;
        TypeInfo = typeInfo;
        _onError = onError;
    }

    /// <summary>The schema.</summary>
    public GraphQLSchema Schema { get; }

    /// <summary>The document being validated.</summary>
    public DocumentNode Document { get; }

    /// <summary>Type information at the node currently visited.</summary>
    public TypeInfo TypeInfo { get; }

    /// <summary>Errors reported so far.</summary>
    public IReadOnlyList<GraphQLError> Errors => _errors;

    /// <summary>Reports a validation error (give it the locations of the offending nodes).</summary>
    public void ReportError(GraphQLError error)
    {
        _errors.Add(error);
        _onError?.Invoke(error);
    }

    /// <summary>Shortcut for <c>ReportError(new GraphQLError(message, nodes))</c>.</summary>
    public void ReportError(string message, params Node?[] nodes) => ReportError(new GraphQLError(message, nodes));

    // Shortcuts to TypeInfo.

    /// <summary><see cref="TypeInfo.Type"/></summary>
    public GraphQLType? Type => TypeInfo.Type;
    /// <summary><see cref="TypeInfo.ParentType"/></summary>
    public NamedType? ParentType => TypeInfo.ParentType;
    /// <summary><see cref="TypeInfo.InputType"/></summary>
    public GraphQLType? InputType => TypeInfo.InputType;
    /// <summary><see cref="TypeInfo.ParentInputType"/></summary>
    public GraphQLType? ParentInputType => TypeInfo.ParentInputType;
    /// <summary><see cref="TypeInfo.FieldDef"/></summary>
    public FieldDefinition? FieldDef => TypeInfo.FieldDef;
    /// <summary><see cref="TypeInfo.Directive"/></summary>
    public DirectiveDefinition? Directive => TypeInfo.Directive;
    /// <summary><see cref="TypeInfo.Argument"/></summary>
    public ArgumentDefinition? Argument => TypeInfo.Argument;
    /// <summary><see cref="TypeInfo.EnumValue"/></summary>
    public EnumValueDefinition? EnumValue => TypeInfo.EnumValue;

    /// <summary>Finds a fragment definition of the document by name (the last one when the name is defined twice, as in graphql-js).</summary>
    public FragmentDefinitionNode? GetFragment(string name)
    {
        if (_fragments is null)
        {
            _fragments = new Dictionary<string, FragmentDefinitionNode>(StringComparer.Ordinal);
            foreach (var def in Document.Definitions)
            {
                // graphql-js keeps the last definition of a name; FragmentNameUniquenessRule reports the duplicate.
                if (def is FragmentDefinitionNode f) _fragments[f.Name.Value] = f;
            }
        }
        return _fragments.GetValueOrDefault(name);
    }

    /// <summary>Fragment spreads in a selection set and all selection sets nested in it (fields and inline fragments), not following the spreads (graphql-js getFragmentSpreads).</summary>
    public IReadOnlyList<FragmentSpreadNode> GetFragmentSpreads(SelectionSetNode node)
    {
        if (_fragmentSpreads.TryGetValue(node, out var cached)) return cached;
        var spreads = new List<FragmentSpreadNode>();
        var setsToVisit = new Stack<SelectionSetNode>();
        setsToVisit.Push(node);
        while (setsToVisit.Count > 0)
        {
            var set = setsToVisit.Pop();
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case FragmentSpreadNode spread: spreads.Add(spread); break;
                    case FieldNode { SelectionSet: not null } field: setsToVisit.Push(field.SelectionSet); break;
                    case InlineFragmentNode inline: setsToVisit.Push(inline.SelectionSet); break;
                }
            }
        }
        _fragmentSpreads[node] = spreads;
        return spreads;
    }

    /// <summary>All fragments an operation uses, directly or through other fragments (each once; unknown names skipped).</summary>
    public IReadOnlyList<FragmentDefinitionNode> GetRecursivelyReferencedFragments(OperationDefinitionNode operation)
    {
        if (_recursivelyReferencedFragments.TryGetValue(operation, out var cached)) return cached;
        var fragments = GetRecursivelyReferencedFragmentsForOperations([operation]);
        _recursivelyReferencedFragments[operation] = fragments;
        return fragments;
    }

    /// <summary>
    /// All fragments used by any of the operations, directly or through other fragments, breadth first in the
    /// order graphql-js uses (so that errors come out in the same order). Operations that spread the same set
    /// of fragment names share one result.
    /// </summary>
    public IReadOnlyList<FragmentDefinitionNode> GetRecursivelyReferencedFragmentsForOperations(IReadOnlyList<OperationDefinitionNode> operations)
    {
        var collectedNames = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            foreach (var spread in GetFragmentSpreads(operation.SelectionSet))
            {
                if (seen.Add(spread.Name.Value)) collectedNames.Add(spread.Name.Value);
            }
        }

        var key = NameSetKey(collectedNames);
        if (_fragmentsByNameSet.TryGetValue(key, out var cached)) return cached;

        var fragments = new List<FragmentDefinitionNode>();
        SpendFragmentWork(collectedNames.Count);
        // The list grows while it is walked: names found in a fragment are appended and visited later.
        for (int i = 0; i < collectedNames.Count; i++)
        {
            var fragment = GetFragment(collectedNames[i]);
            if (fragment is null) continue;
            fragments.Add(fragment);
            var spreads = GetFragmentSpreads(fragment.SelectionSet);
            SpendFragmentWork(spreads.Count);
            foreach (var spread in spreads)
            {
                if (seen.Add(spread.Name.Value)) collectedNames.Add(spread.Name.Value);
            }
        }
        _fragmentsByNameSet[key] = fragments;
        return fragments;
    }

    // An order-independent key for a set of fragment names (graphql-js SetMap).
    private string NameSetKey(List<string> names)
    {
        var ids = new int[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            if (!_nameIds.TryGetValue(names[i], out var id))
            {
                id = _nameIds.Count;
                _nameIds[names[i]] = id;
            }
            ids[i] = id;
        }
        Array.Sort(ids);
        return string.Join(',', ids);
    }

    /// <summary>Variables used inside an operation or fragment definition (not following fragment spreads), with their expected types.</summary>
    public IReadOnlyList<VariableUsage> GetVariableUsages(ExecutableDefinitionNode node)
    {
        if (_variableUsages.TryGetValue(node, out var cached)) return cached;
        var usages = new List<VariableUsage>();
        var typeInfo = new TypeInfo(Schema);
        AstWalker.Walk(node, new TypeInfoVisitor(typeInfo, new UsageCollector(typeInfo, usages)));
        _variableUsages[node] = usages;
        return usages;
    }

    /// <summary>Variables used by an operation including inside the fragments it uses (the operation's own usages first).</summary>
    public IReadOnlyList<VariableUsage> GetRecursiveVariableUsages(OperationDefinitionNode operation)
    {
        if (_recursiveVariableUsages.TryGetValue(operation, out var cached)) return cached;
        var fragments = GetRecursivelyReferencedFragments(operation);
        if (!_fragmentVariableUsages.TryGetValue(fragments, out var fragmentUsages))
        {
            SpendFragmentWork(fragments.Count);
            var list = new List<VariableUsage>();
            foreach (var fragment in fragments)
            {
                var local = GetVariableUsages(fragment);
                SpendFragmentWork(local.Count);
                list.AddRange(local);
            }
            fragmentUsages = list;
            _fragmentVariableUsages[fragments] = fragmentUsages;
        }
        SpendFragmentWork(fragmentUsages.Count);
        var usages = new List<VariableUsage>(GetVariableUsages(operation));
        usages.AddRange(fragmentUsages);
        _recursiveVariableUsages[operation] = usages;
        return usages;
    }

    /// <summary>
    /// Charges work done following fragment spreads against a per-document budget (graphql-js uses the same
    /// 50,000 units); a document that exhausts it stops validation with "Validation aborted." so that many
    /// operations sharing many fragments cannot make validation quadratic.
    /// </summary>
    public void SpendFragmentWork(int cost)
    {
        _remainingFragmentWork -= cost;
        if (_remainingFragmentWork < 0) throw new ValidationAbortedException();
    }

    private sealed class UsageCollector(TypeInfo typeInfo, List<VariableUsage> usages) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            // Variable definitions declare variables, they do not use them.
            if (node is VariableDefinitionNode) return VisitAction.SkipChildren;
            if (node is VariableNode variable)
            {
                usages.Add(new VariableUsage(variable, typeInfo.InputType, typeInfo.HasDefaultValue, typeInfo.DefaultValue, typeInfo.ParentInputType));
            }
            return VisitAction.Continue;
        }
    }
}

/// <summary>
/// Thrown by a rule or the context to stop validating a pathological document; the validator then returns the
/// errors found so far plus "Validation aborted." (graphql-js validationAbortedError).
/// </summary>
public sealed class ValidationAbortedException : Exception
{
    /// <summary>The message of the error added to the result.</summary>
    public const string AbortMessage = "Validation aborted.";

    /// <summary>Creates the exception.</summary>
    public ValidationAbortedException() : base(AbortMessage)
    {
    }
}
