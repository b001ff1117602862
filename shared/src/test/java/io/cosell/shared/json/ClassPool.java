package io.cosell.shared.json;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The compiled classes of some packages, read from class directories and jars, plus any other class (JDK, Jackson,
 * ...) looked up on this class loader for its signatures; and the annotation look-ups the scan needs.
 */
final class ClassPool {

    private final List<String> packagePrefixes;
    private final Map<String, ClassNode> classes = new TreeMap<>();
    private final Map<String, ClassNode> library = new HashMap<>();

    private ClassPool(List<String> packagePrefixes) {
        this.packagePrefixes = packagePrefixes.stream().map(p -> p.replace('.', '/') + "/").toList();
    }

    /** @param packagePrefixes e.g. {@code io.cosell.shared}: only classes of these packages are read */
    static ClassPool read(List<Path> roots, List<String> packagePrefixes) {
        ClassPool pool = new ClassPool(packagePrefixes);
        roots.forEach(pool::read);
        return pool;
    }

    Collection<ClassNode> scanned() {
        return classes.values();
    }

    /** A class of the scanned packages, or null. */
    ClassNode scannedClass(String internalName) {
        return classes.get(internalName);
    }

    private void read(Path root) {
        try {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        String name = root.relativize(file).toString().replace('\\', '/');
                        if (inScope(name)) {
                            try (InputStream in = Files.newInputStream(file)) {
                                add(in);
                            }
                        }
                    }
                }
            } else if (Files.isRegularFile(root) && (root.toString().endsWith(".jar") || root.toString().endsWith(".zip"))) {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (var entry : jar.stream().filter(e -> e.getName().endsWith(".class"))
                            .filter(e -> inScope(e.getName())).toList()) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            add(in);
                        }
                    }
                }
            } else if (Files.exists(root)) {
                throw new IllegalArgumentException("not a class directory, jar or zip: " + root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
    }

    boolean inScope(String internalName) {
        return packagePrefixes.stream().anyMatch(internalName::startsWith);
    }

    private void add(InputStream in) throws IOException {
        ClassNode node = new ClassNode();
        new ClassReader(in).accept(node, 0);
        classes.put(node.name, node);
    }

    /** The annotations of a class, its fields, methods, parameters and record components. */
    static List<AnnotationNode> allAnnotations(ClassNode node) {
        List<AnnotationNode> all = new ArrayList<>(annotations(node.visibleAnnotations, node.invisibleAnnotations));
        node.fields.forEach(f -> all.addAll(annotations(f.visibleAnnotations, f.invisibleAnnotations)));
        for (MethodNode method : node.methods) {
            all.addAll(annotations(method.visibleAnnotations, method.invisibleAnnotations));
            for (List<AnnotationNode>[] parameters : List.of(nullToEmpty(method.visibleParameterAnnotations),
                    nullToEmpty(method.invisibleParameterAnnotations))) {
                for (List<AnnotationNode> parameter : parameters) {
                    all.addAll(annotations(parameter, null));
                }
            }
        }
        if (node.recordComponents != null) {
            node.recordComponents.forEach(c -> all.addAll(annotations(c.visibleAnnotations, c.invisibleAnnotations)));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<AnnotationNode>[] nullToEmpty(List<AnnotationNode>[] parameters) {
        return parameters == null ? new List[0] : parameters;
    }

    static List<AnnotationNode> annotations(List<AnnotationNode> visible, List<AnnotationNode> invisible) {
        List<AnnotationNode> all = new ArrayList<>();
        if (visible != null) {
            all.addAll(visible);
        }
        if (invisible != null) {
            all.addAll(invisible);
        }
        return all;
    }

    static boolean hasJackson(List<AnnotationNode> annotations) {
        return annotations.stream().anyMatch(ClassPool::isJackson);
    }

    static boolean isJackson(AnnotationNode annotation) {
        return annotation.desc.startsWith("Lcom/fasterxml/jackson/annotation/")
                || annotation.desc.startsWith("Lcom/fasterxml/jackson/databind/annotation/");
    }

    /** A scanned class, or a library class (JDK, Jackson, ...) read from this class loader for its signatures. */
    Optional<ClassNode> find(String internalName) {
        ClassNode scanned = classes.get(internalName);
        if (scanned != null) {
            return Optional.of(scanned);
        }
        return Optional.ofNullable(library.computeIfAbsent(internalName, name -> {
            try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
                if (in == null) {
                    return null;
                }
                ClassNode node = new ClassNode();
                new ClassReader(in).accept(node, ClassReader.SKIP_CODE);
                return node;
            } catch (IOException e) {
                return null;
            }
        }));
    }
}
