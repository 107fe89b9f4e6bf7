/** The stormwatch command line. */
package org.stormwatch.cli;
