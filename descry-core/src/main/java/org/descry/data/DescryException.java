package org.descry.data;

/**
 * A problem with the user's input (a file, a value, a layout) that Descry can name in one line.
 *
 * <p>The message is what the user reads: it names the file or parameter and the problem, for example
 * {@code "descriptors/osnet.pickle: truncated: 4096 bytes missing"}. The CLI prints it without a stack
 * trace and exits with status 2; anything else is an internal failure (status 1).
 */
public class DescryException extends RuntimeException {

    public DescryException(String message) {
        super(message);
    }

    public DescryException(String message, Throwable cause) {
        super(message, cause);
    }
}
