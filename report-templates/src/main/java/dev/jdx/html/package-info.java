package dev.jdx.html;
