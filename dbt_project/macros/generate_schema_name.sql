{# Staging views go to schema `staging`, public tables to `main`: the custom schema name as given, not
   dbt's default `<target>_<custom>`. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
