package io.cosell.shared.json;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, from compiled classes, every type of the scanned packages that Jackson binds at run time, and which of them
 * are registered for reflection ({@code @RegisterForReflection} on the type, or named in its {@code targets} or
 * {@code classNames}).
 * <p>
 * Bound types are found from:
 * <ul>
 *   <li>the parameter and result types of {@code @Funq} methods (Funqy binds them with Jackson);</li>
 *   <li>types carrying a Jackson annotation (on the type or any of its members);</li>
 *   <li>the arguments of binding calls: a {@code Class}/{@code JavaType}/{@code TypeReference} argument (a class
 *       constant) or an {@code Object} argument (the value's static type, generic arguments included) of a
 *       {@code readValue}, {@code writeValue*}, {@code valueToTree}, {@code convertValue}, {@code treeToValue},
 *       {@code readerFor}, ... on {@code ObjectMapper}, {@code ObjectReader}, {@code ObjectWriter},
 *       {@code ObjectCodec} or {@code JsonParser}; a method that hands one of its own parameters to such a call (e.g.
 *       a codec's {@code write(Object)}) is itself a binding call, so its callers' arguments count;</li>
 *   <li>from each of those, transitively: record components, fields, bean getters, {@code @JsonCreator} and
 *       {@code @JsonValue} signatures, class constants inside Jackson annotations, and the type arguments of every
 *       generic type met (collections, maps, optionals).</li>
 * </ul>
 * Types outside the scanned packages (the JDK, Jackson, the AWS SDK) are not reported. A binding call whose bound type
 * cannot be seen statically (a plain {@code Object}, a type variable) is reported as an opaque site.
 */
public final class JacksonBindingScan {

    private static final String REGISTER = "Lio/quarkus/runtime/annotations/RegisterForReflection;";
    private static final String FUNQ = "Lio/quarkus/funqy/Funq;";
    private static final Set<String> BINDING_OWNERS = Set.of(
            "com/fasterxml/jackson/databind/ObjectMapper", "com/fasterxml/jackson/databind/json/JsonMapper",
            "com/fasterxml/jackson/databind/ObjectReader", "com/fasterxml/jackson/databind/ObjectWriter",
            "com/fasterxml/jackson/core/ObjectCodec", "com/fasterxml/jackson/core/JsonParser");
    private static final Set<String> BINDING_METHODS = Set.of("readValue", "readValues", "readValueAs",
            "readValuesAs", "convertValue", "treeToValue", "valueToTree", "writeValue", "writeValueAsString",
            "writeValueAsBytes", "readerFor", "readerForUpdating", "readerForArrayOf", "readerForListOf",
            "readerForMapOf", "writerFor", "forType", "withType", "updateValue");
    private static final String TYPE_REFERENCE = "com/fasterxml/jackson/core/type/TypeReference";
    private static final Set<String> TYPE_PARAMETERS = Set.of("java/lang/Class",
            "com/fasterxml/jackson/databind/JavaType", TYPE_REFERENCE);

    /** What kind of argument of a binding call a parameter is. */
    private enum Role { TYPE, VALUE }

    private record Sink(String owner, String name, String descriptor) {
    }

    /** One finding: a bound type and why (the first reason found). */
    public record Bound(String type, String reason) {
    }

    private final ClassPool classes;
    private final Map<Sink, Map<Integer, Role>> wrapperSinks = new HashMap<>();
    private final BoundTypes bound;
    private final Set<String> registered = new LinkedHashSet<>();

    private JacksonBindingScan(ClassPool classes) {
        this.classes = classes;
        this.bound = new BoundTypes(classes);
    }

    /**
     * @param roots           class directories or jars
     * @param packagePrefixes e.g. {@code io.cosell.shared}: only classes of these packages are scanned and reported
     */
    public static JacksonBindingScan scan(List<Path> roots, List<String> packagePrefixes) {
        JacksonBindingScan scan = new JacksonBindingScan(ClassPool.read(roots, packagePrefixes));
        scan.analyse();
        return scan;
    }

    /** Every bound type of the scanned packages (binary names), with the first reason found. */
    public List<Bound> boundTypes() {
        return bound.byName().entrySet().stream().map(e -> new Bound(binary(e.getKey()), e.getValue())).toList();
    }

    /** Bound types that are not registered for reflection. */
    public List<Bound> unregistered() {
        return bound.byName().entrySet().stream().filter(e -> !registered.contains(e.getKey()))
                .map(e -> new Bound(binary(e.getKey()), e.getValue())).toList();
    }

    /** Binding calls whose bound type the scan cannot see, as {@code Class.method (what)}. */
    public List<String> opaqueSites() {
        return bound.opaqueSites();
    }

    private void analyse() {
        classes.scanned().forEach(this::collectRegistrations);
        findWrapperSinks();
        for (ClassNode type : classes.scanned()) {
            if (ClassPool.hasJackson(ClassPool.allAnnotations(type))) {
                bound.bind(type.name, "carries Jackson annotations");
            }
            for (MethodNode method : type.methods) {
                bindFunqSignature(type, method);
                forEachBindingCall(type, method, (call, role, source) -> bindSource(type, method, call, role, source));
            }
        }
    }

    /** Funqy reads a {@code @Funq} method's parameter and writes its result with Jackson. */
    private void bindFunqSignature(ClassNode type, MethodNode method) {
        boolean funq = ClassPool.annotations(method.visibleAnnotations, method.invisibleAnnotations).stream()
                .anyMatch(annotation -> annotation.desc.equals(FUNQ));
        if (!funq) {
            return;
        }
        String site = binary(type.name) + "." + method.name;
        String signature = method.signature != null ? method.signature : method.desc;
        new SignatureReader(signature).accept(
                new SignatureVisitor(Opcodes.ASM9) {
                    @Override
                    public SignatureVisitor visitParameterType() {
                        return typeVisitor();
                    }

                    @Override
                    public SignatureVisitor visitReturnType() {
                        return typeVisitor();
                    }

                    private SignatureVisitor typeVisitor() {
                        return new SignatureVisitor(Opcodes.ASM9) {
                            @Override
                            public void visitClassType(String name) {
                                bound.bind(name, "a @Funq signature (" + site + ")");
                            }

                            @Override
                            public SignatureVisitor visitTypeArgument(char wildcard) {
                                return this;
                            }
                        };
                    }
                });
    }

    private void collectRegistrations(ClassNode type) {
        for (AnnotationNode annotation : ClassPool.annotations(type.visibleAnnotations, type.invisibleAnnotations)) {
            if (!annotation.desc.equals(REGISTER)) {
                continue;
            }
            List<?> targets = value(annotation, "targets");
            List<?> names = value(annotation, "classNames");
            if (targets.isEmpty() && names.isEmpty()) {
                registered.add(type.name);
            }
            targets.forEach(t -> registered.add(((Type) t).getInternalName()));
            names.forEach(n -> registered.add(((String) n).replace('.', '/')));
        }
    }

    private static List<?> value(AnnotationNode annotation, String name) {
        if (annotation.values == null) {
            return List.of();
        }
        for (int i = 0; i < annotation.values.size(); i += 2) {
            if (annotation.values.get(i).equals(name)) {
                return (List<?>) annotation.values.get(i + 1);
            }
        }
        return List.of();
    }

    // ---- binding calls

    @FunctionalInterface
    private interface CallVisitor {
        void visit(MethodInsnNode call, Role role, SourceValue source);
    }

    /** Methods that hand a parameter to a binding call become binding calls themselves, until nothing changes. */
    private void findWrapperSinks() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ClassNode type : classes.scanned()) {
                for (MethodNode method : type.methods) {
                    Map<Integer, Integer> slots = parameterSlots(method);
                    List<int[]> found = new ArrayList<>();
                    List<Role> roles = new ArrayList<>();
                    forEachBindingCall(type, method, (call, role, source) -> {
                        for (AbstractInsnNode insn : source.insns) {
                            if (insn instanceof VarInsnNode load && load.getOpcode() == Opcodes.ALOAD
                                    && slots.containsKey(load.var)) {
                                found.add(new int[]{slots.get(load.var)});
                                roles.add(role);
                            }
                        }
                    });
                    Sink sink = new Sink(type.name, method.name, method.desc);
                    for (int i = 0; i < found.size(); i++) {
                        Map<Integer, Role> params = wrapperSinks.computeIfAbsent(sink, s -> new HashMap<>());
                        if (params.put(found.get(i)[0], roles.get(i)) == null) {
                            changed = true;
                        }
                    }
                }
            }
        }
    }

    /** Parameter local slot → parameter index ({@code this} excluded). */
    private static Map<Integer, Integer> parameterSlots(MethodNode method) {
        Map<Integer, Integer> slots = new HashMap<>();
        int slot = (method.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        Type[] parameters = Type.getArgumentTypes(method.desc);
        for (int i = 0; i < parameters.length; i++) {
            slots.put(slot, i);
            slot += parameters[i].getSize();
        }
        return slots;
    }

    private void forEachBindingCall(ClassNode type, MethodNode method, CallVisitor visitor) {
        if (method.instructions.size() == 0) {
            return;
        }
        Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(type.name, method);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("cannot analyse " + type.name + "." + method.name, e);
        }
        for (int i = 0; i < method.instructions.size(); i++) {
            if (!(method.instructions.get(i) instanceof MethodInsnNode call) || frames[i] == null) {
                continue;
            }
            Map<Integer, Role> roles = roles(call);
            if (roles.isEmpty()) {
                continue;
            }
            Type[] arguments = Type.getArgumentTypes(call.desc);
            Frame<SourceValue> frame = frames[i];
            int firstArgument = frame.getStackSize() - arguments.length;
            roles.forEach((index, role) -> visitor.visit(call, role, frame.getStack(firstArgument + index)));
        }
    }

    private Map<Integer, Role> roles(MethodInsnNode call) {
        Map<Integer, Role> wrapper = wrapperSinks.get(new Sink(call.owner, call.name, call.desc));
        if (wrapper != null) {
            return wrapper;
        }
        if (!BINDING_OWNERS.contains(call.owner) || !BINDING_METHODS.contains(call.name)) {
            return Map.of();
        }
        Map<Integer, Role> roles = new HashMap<>();
        Type[] arguments = Type.getArgumentTypes(call.desc);
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i].getSort() != Type.OBJECT) {
                continue;
            }
            if (TYPE_PARAMETERS.contains(arguments[i].getInternalName())) {
                roles.put(i, Role.TYPE);
            } else if (arguments[i].getInternalName().equals("java/lang/Object")) {
                roles.put(i, Role.VALUE);
            }
        }
        return roles;
    }

    private void bindSource(ClassNode type, MethodNode method, MethodInsnNode call, Role role, SourceValue source) {
        Map<Integer, Integer> parameters = parameterSlots(method);
        String site = binary(type.name) + "." + method.name + " → " + call.name;
        for (AbstractInsnNode insn : source.insns) {
            if (insn instanceof VarInsnNode load && parameters.containsKey(load.var)) {
                // the callers' arguments are bound (a wrapper); a parameter declared more precisely than Object is too
                local(method, load).filter(declared -> role == Role.VALUE && !declared.equals("Ljava/lang/Object;"))
                        .ifPresent(declared -> bound.walk(declared, "bound at " + site, site));
                continue;
            }
            AbstractInsnNode producer = created(insn);
            Optional<String> signature = role == Role.TYPE ? boundType(producer) : staticType(type, method, producer);
            if (signature.isEmpty()) {
                bound.opaque(site + " (" + describe(producer) + ")");
                continue;
            }
            bound.walk(signature.get(), "bound at " + site, site);
        }
    }

    /** {@code new X(...)} leaves the value of a DUP on the stack: the NEW before it says what it is. */
    private static AbstractInsnNode created(AbstractInsnNode insn) {
        if (insn.getOpcode() == Opcodes.DUP && insn.getPrevious() != null
                && insn.getPrevious().getOpcode() == Opcodes.NEW) {
            return insn.getPrevious();
        }
        return insn;
    }

    /** A class constant, or the type argument of a {@code new TypeReference<...>() {}}. */
    private Optional<String> boundType(AbstractInsnNode insn) {
        if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Type constant) {
            return Optional.of(constant.getDescriptor());
        }
        if (insn instanceof TypeInsnNode created && insn.getOpcode() == Opcodes.NEW) {
            return classes.find(created.desc).map(node -> node.signature)
                    .filter(signature -> signature.startsWith("L" + TYPE_REFERENCE + "<"))
                    .map(signature -> signature.substring(signature.indexOf('<') + 1, signature.lastIndexOf('>')));
        }
        return Optional.empty();
    }

    /** The static type (a signature, generic when known) of the value an instruction pushes. */
    private Optional<String> staticType(ClassNode type, MethodNode method, AbstractInsnNode insn) {
        if (insn instanceof VarInsnNode load) {
            if (load.var == 0 && (method.access & Opcodes.ACC_STATIC) == 0) {
                return Optional.of("L" + type.name + ";");
            }
            return local(method, load);
        }
        if (insn instanceof TypeInsnNode typed && (insn.getOpcode() == Opcodes.NEW
                || insn.getOpcode() == Opcodes.CHECKCAST)) {
            return Optional.of(Type.getObjectType(typed.desc).getDescriptor());
        }
        if (insn instanceof FieldInsnNode field) {
            return Optional.of(fieldSignature(field).orElse(field.desc));
        }
        if (insn instanceof MethodInsnNode invoked) {
            return Optional.of(returnSignature(invoked).orElse(Type.getReturnType(invoked.desc).getDescriptor()));
        }
        if (insn instanceof LdcInsnNode ldc) {
            return Optional.of(Type.getType(ldc.cst.getClass()).getDescriptor());
        }
        return Optional.empty();
    }

    private static Optional<String> local(MethodNode method, VarInsnNode load) {
        if (method.localVariables == null) {
            return Optional.empty();
        }
        int at = method.instructions.indexOf(load);
        for (LocalVariableNode variable : method.localVariables) {
            if (variable.index == load.var && method.instructions.indexOf(variable.start) <= at
                    && at < method.instructions.indexOf(variable.end)) {
                return Optional.of(variable.signature != null ? variable.signature : variable.desc);
            }
        }
        return Optional.empty();
    }

    private Optional<String> fieldSignature(FieldInsnNode field) {
        return classes.find(field.owner).flatMap(owner -> owner.fields.stream()
                .filter(f -> f.name.equals(field.name)).findFirst())
                .map(f -> f.signature != null ? f.signature : f.desc);
    }

    /** The generic return type, with the method's own type variables left as they are. */
    private Optional<String> returnSignature(MethodInsnNode invoked) {
        return classes.find(invoked.owner).flatMap(owner -> owner.methods.stream()
                        .filter(m -> m.name.equals(invoked.name) && m.desc.equals(invoked.desc)).findFirst())
                .filter(m -> m.signature != null)
                .map(m -> m.signature.substring(m.signature.lastIndexOf(')') + 1));
    }

    private static String describe(AbstractInsnNode insn) {
        if (insn instanceof MethodInsnNode call) {
            return "result of " + call.owner.substring(call.owner.lastIndexOf('/') + 1) + "." + call.name;
        }
        if (insn instanceof VarInsnNode load) {
            return "local " + load.var;
        }
        return "instruction " + insn.getOpcode();
    }

    private static String binary(String internalName) {
        return internalName.replace('/', '.');
    }
}
