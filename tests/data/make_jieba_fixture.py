#!/usr/bin/python3
"""Writes jieba_cut.txt: what Debian python3-jieba's jieba.cut gives for the sentences below.

Run once with Debian's interpreter (it has python3-jieba): /usr/bin/python3 tests/data/make_jieba_fixture.py
Each output line is: MODE <TAB> sentence <TAB> tokens joined by '|'. MODE is hmm (jieba.cut(s, HMM=True)),
nohmm (HMM=False) or user (HMM=True after jieba.load_userdict of the USER_DICT lines, written beside as
jieba_user_dict.txt). The sentences hold no '|' and no tab.
"""
import os
import jieba

HERE = os.path.dirname(os.path.abspath(__file__))

SENTENCES = [
    "我来到北京清华大学",
    "他来到了网易杭研大厦",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "我爱北京天安门，今天是2024年3月5日。",
    "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
    "结过婚的和尚未结过婚的",
    "这个把手该换了，我不喜欢日本和服，别把手放在我的肩膀上",
    "王晓明和李秀英昨天去了趟上海，见到了张伟东。",
    "欧阳娜娜与诸葛亮亮在西湖边散步",
    "iPhone15的售价是5999元，比去年便宜了10.5%。",
    "使用 apt-get install python3-jieba 安装结巴分词，版本 0.42.1。",
    "访问 https://www.debian.org/ 获取更多信息，或发邮件到 debian-user@lists.debian.org",
    "他说：“你好！”然后走了……",
    "C++和C#都是编程语言，AT&T是一家公司",
    "李小福是创新办主任也是云计算方面的专家",
    "台中市长林佳龙表示",
    "南京市长江大桥",
    "研究生命的起源",
    "在 Debian 系统中，软件包管理器 dpkg 负责安装 .deb 文件。",
    "第 9.5.6 节 “终端配置”",
    "1.3.3. MC 文件管理",
    "默认的两个目录面板里包含了文件列表",
    "Ελληνικά και русский язык 混在中文里",
    "日本語のテキストと한국어가 섞여 있다",
    "乾隆皇帝与纪晓岚在紫禁城里下棋",
    "  前后有空格  和\u3000全角空格 ",
    "长春市长春节讲话",
    "今天天气不错，挺风和日丽的，我们下午没有课，是的",
]

USER_DICT = [
    "云计算 5",
    "创新办 3 i",
    "凱特琳 nz",
    "台中",
    "李小福 2 nr",
    "晓岚在",
]

USER_SENTENCES = [
    "李小福是创新办主任也是云计算方面的专家",
    "台中市长林佳龙表示",
    "乾隆皇帝与纪晓岚在紫禁城里下棋",
    "凱特琳是一个名字",
]


def line(mode, s, tokens):
    for t in tokens:
        assert "|" not in t and "\t" not in t or t == "\t", (s, t)
    return "%s\t%s\t%s\n" % (mode, s, "|".join(tokens))


def main():
    out = []
    for s in SENTENCES:
        assert "|" not in s
        out.append(line("hmm", s, list(jieba.cut(s, HMM=True))))
    for s in SENTENCES:
        out.append(line("nohmm", s, list(jieba.cut(s, HMM=False))))
    with open(os.path.join(HERE, "jieba_user_dict.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(USER_DICT) + "\n")
    jieba.load_userdict(os.path.join(HERE, "jieba_user_dict.txt"))
    for s in USER_SENTENCES:
        out.append(line("user", s, list(jieba.cut(s, HMM=True))))
    with open(os.path.join(HERE, "jieba_cut.txt"), "w", encoding="utf-8") as f:
        f.writelines(out)


if __name__ == "__main__":
    main()
