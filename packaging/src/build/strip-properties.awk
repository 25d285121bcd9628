# Prints a java.util.Properties file without its comment and blank lines. A line that continues
# the previous one (after an odd number of trailing backslashes) is kept whatever it starts with:
# it is part of a value.
{
  if (continued) {
    print
    continued = ($0 ~ /(^|[^\\])(\\\\)*\\$/)
    next
  }
  if ($0 ~ /^[ \t\f]*([#!].*)?$/) next
  print
  continued = ($0 ~ /(^|[^\\])(\\\\)*\\$/)
}
