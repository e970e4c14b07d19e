package org.distill4j.kernel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Starts the kernel: {@code java -cp <kernel and library class path> org.distill4j.kernel.KernelMain CONNECTION_FILE}.
 *
 * <p>System properties: {@code distill4j.kernel.init} — a file of start-up snippets (the notebooks' imports).
 * The class path of the JVM is also JShell's, so cells see the library and the display hooks see the cells' objects.
 */
public final class KernelMain {

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain CONNECTION_FILE (Jupyter passes it; see the kernelspec's argv)");
            System.exit(2);
        }
        Path connectionFile = Path.of(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            System.err.println("connection file " + connectionFile + " does not exist: start the kernel from Jupyter");
            System.exit(2);
        }
        KernelConnectionProperties connection = KernelConnectionProperties.parse(Files.readString(connectionFile));
        String init = System.getProperty("distill4j.kernel.init");
        List<String> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).toList();

        JavaKernel kernel = new JavaKernel(classpath, init == null ? null : Path.of(init));
        JupyterConnection channels = new JupyterConnection(connection);
        ExitGuard.install(kernel::lastWords);
        kernel.onStartup();                   // installs the display extensions found on the class path
        kernel.becomeHandlerForConnection(channels);
        channels.connect();
        channels.waitUntilClose();
        Runtime.getRuntime().halt(0);
    }
}
