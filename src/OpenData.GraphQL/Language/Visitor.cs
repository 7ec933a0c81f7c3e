namespace OpenData.GraphQL.Language;

/// <summary>What a visitor wants after entering a node.</summary>
public enum VisitAction
{
    /// <summary>Visit the node's children, then call Leave for the node.</summary>
    Continue,
    /// <summary>Do not visit the node's children and do not call Leave for this node.</summary>
    SkipChildren,
}

/// <summary>
/// Base class for AST visitors. <see cref="AstWalker"/> calls <see cref="Enter"/> before a node's children
/// and <see cref="Leave"/> after them. Override and switch on the node type (e.g. <c>if (node is FieldNode f)</c>).
/// </summary>
public abstract class NodeVisitor
{
    /// <summary>Called when a node is entered. Return <see cref="VisitAction.SkipChildren"/> to skip its subtree.</summary>
    public virtual VisitAction Enter(Node node) => VisitAction.Continue;

    /// <summary>Called when a node is left (after its children).</summary>
    public virtual void Leave(Node node)
    {
    }
}

/// <summary>Runs several visitors in one walk; each visitor's SkipChildren only affects that visitor (graphql-js visitInParallel).</summary>
public sealed class ParallelVisitor(IReadOnlyList<NodeVisitor> visitors) : NodeVisitor
{
    private readonly Node?[] _skipping = new Node?[visitors.Count];

    /// <inheritdoc />
    public override VisitAction Enter(Node node)
    {
        for (int i = 0; i < visitors.Count; i++)
        {
            if (_skipping[i] is null && visitors[i].Enter(node) == VisitAction.SkipChildren) _skipping[i] = node;
        }
        return VisitAction.Continue;
    }

    /// <inheritdoc />
    public override void Leave(Node node)
    {
        for (int i = 0; i < visitors.Count; i++)
        {
            if (_skipping[i] is null) visitors[i].Leave(node);
            else if (ReferenceEquals(_skipping[i], node)) _skipping[i] = null;
        }
    }
}

/// <summary>Depth-first walk over an AST in the child order graphql-js uses (QueryDocumentKeys).</summary>
public static class AstWalker
{
    /// <summary>Walks <paramref name="root"/> and its descendants.</summary>
    public static void Walk(Node root, NodeVisitor visitor) => Visit(root, visitor);

    private static void Visit(Node? node, NodeVisitor v)
    {
        if (node is null) return;
        if (v.Enter(node) == VisitAction.SkipChildren) return;
        switch (node)
        {
            case DocumentNode d: All(d.Definitions, v); break;
            case OperationDefinitionNode o:
                Visit(o.Description, v); Visit(o.Name, v); All(o.VariableDefinitions, v); All(o.Directives, v); Visit(o.SelectionSet, v);
                break;
            case VariableDefinitionNode vd:
                Visit(vd.Description, v); Visit(vd.Variable, v); Visit(vd.Type, v); Visit(vd.DefaultValue, v); All(vd.Directives, v);
                break;
            case VariableNode var: Visit(var.Name, v); break;
            case SelectionSetNode s: All(s.Selections, v); break;
            case FieldNode f:
                Visit(f.Alias, v); Visit(f.Name, v); All(f.Arguments, v); All(f.Directives, v); Visit(f.SelectionSet, v);
                break;
            case ArgumentNode a: Visit(a.Name, v); Visit(a.Value, v); break;
            case FragmentSpreadNode fs: Visit(fs.Name, v); All(fs.Directives, v); break;
            case InlineFragmentNode inl: Visit(inl.TypeCondition, v); All(inl.Directives, v); Visit(inl.SelectionSet, v); break;
            case FragmentDefinitionNode fd:
                Visit(fd.Description, v); Visit(fd.Name, v); Visit(fd.TypeCondition, v); All(fd.Directives, v); Visit(fd.SelectionSet, v);
                break;
            case ListValueNode l: All(l.Values, v); break;
            case ObjectValueNode ov: All(ov.Fields, v); break;
            case ObjectFieldNode of: Visit(of.Name, v); Visit(of.Value, v); break;
            case DirectiveNode dir: Visit(dir.Name, v); All(dir.Arguments, v); break;
            case NamedTypeNode nt: Visit(nt.Name, v); break;
            case ListTypeNode lt: Visit(lt.Type, v); break;
            case NonNullTypeNode nn: Visit(nn.Type, v); break;
            case SchemaDefinitionNode sd: Visit(sd.Description, v); All(sd.Directives, v); All(sd.OperationTypes, v); break;
            case OperationTypeDefinitionNode otd: Visit(otd.Type, v); break;
            case ScalarTypeDefinitionNode st: Visit(st.Description, v); Visit(st.Name, v); All(st.Directives, v); break;
            case ObjectTypeDefinitionNode ot:
                Visit(ot.Description, v); Visit(ot.Name, v); All(ot.Interfaces, v); All(ot.Directives, v); All(ot.Fields, v);
                break;
            case InterfaceTypeDefinitionNode it:
                Visit(it.Description, v); Visit(it.Name, v); All(it.Interfaces, v); All(it.Directives, v); All(it.Fields, v);
                break;
            case FieldDefinitionNode fdef:
                Visit(fdef.Description, v); Visit(fdef.Name, v); All(fdef.Arguments, v); Visit(fdef.Type, v); All(fdef.Directives, v);
                break;
            case InputValueDefinitionNode ivd:
                Visit(ivd.Description, v); Visit(ivd.Name, v); Visit(ivd.Type, v); Visit(ivd.DefaultValue, v); All(ivd.Directives, v);
                break;
            case UnionTypeDefinitionNode ut: Visit(ut.Description, v); Visit(ut.Name, v); All(ut.Directives, v); All(ut.Types, v); break;
            case EnumTypeDefinitionNode et: Visit(et.Description, v); Visit(et.Name, v); All(et.Directives, v); All(et.Values, v); break;
            case EnumValueDefinitionNode evd: Visit(evd.Description, v); Visit(evd.Name, v); All(evd.Directives, v); break;
            case InputObjectTypeDefinitionNode iot: Visit(iot.Description, v); Visit(iot.Name, v); All(iot.Directives, v); All(iot.Fields, v); break;
            case DirectiveDefinitionNode dd: Visit(dd.Description, v); Visit(dd.Name, v); All(dd.Arguments, v); All(dd.Locations, v); break;
        }
        v.Leave(node);
    }

    private static void All<T>(IReadOnlyList<T> nodes, NodeVisitor v) where T : Node
    {
        for (int i = 0; i < nodes.Count; i++) Visit(nodes[i], v);
    }
}
