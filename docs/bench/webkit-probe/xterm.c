// The log view's terminal alone in a WebKitGTK window: loads xterm.html
// (xterm.js writing RATE lines/s, 100 ms apart) so the web process's memory
// can be read without Hum. argv: the page's file:// URI with ?sb=<scrollback>
// [&rate=<lines/s>][&open=0 to not render], then 0 (unused). Build and run:
//   gcc -o xterm xterm.c $(pkg-config --cflags --libs gtk+-3.0 webkit2gtk-4.1)
//   JSC_logGC=1 xvfb-run -a ./xterm "file://$PWD/xterm.html?sb=10000" 0
// and read /proc/<WebKitWebProcess pid>/smaps_rollup every 30 s.
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  gtk_init(&argc, &argv);
  GtkWidget *w = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size(GTK_WINDOW(w), 1100, 700);
  WebKitWebView *wv = WEBKIT_WEB_VIEW(webkit_web_view_new());
  WebKitSettings *s = webkit_web_view_get_settings(wv);
  webkit_settings_set_allow_file_access_from_file_urls(s, TRUE);
  gtk_container_add(GTK_CONTAINER(w), GTK_WIDGET(wv));
  webkit_web_view_load_uri(wv, argv[1]);
  gtk_widget_show_all(w);
  gtk_main();
}
