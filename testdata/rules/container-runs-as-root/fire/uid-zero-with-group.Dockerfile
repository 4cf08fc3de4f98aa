FROM ubuntu:24.04
user 0:1000
CMD ["bash"]
